/**
 * What can make an experiment's results untrustworthy, in words a reviewer acts on. Shared by the
 * overview (one line each) and the experiment page (a banner that explains and says what to check).
 */
import { formatCount, formatPClause } from "#app/ui/format";

export interface HealthInput {
  srm: { flagged: boolean; pValue: number | null };
  dataQuality: { assignmentConflicts: number; unassignedEvents: number; warnings: string[] };
}

export interface HealthProblem {
  kind: "srm" | "conflicts" | "unassigned" | "warning";
  summary: string;
  advice?: string;
}

export function healthProblems({ srm, dataQuality }: HealthInput): HealthProblem[] {
  const problems: HealthProblem[] = [];
  if (srm.flagged) {
    problems.push({
      kind: "srm",
      summary: `Sample ratio mismatch: the observed split differs from the configured one (${formatPClause(srm.pValue)}).`,
      advice:
        "Results may be biased. Check assignment logging, bot filtering, and redirects or crashes that drop units from one arm.",
    });
  }
  if (dataQuality.assignmentConflicts > 0) {
    problems.push({
      kind: "conflicts",
      summary: `${formatCount(dataQuality.assignmentConflicts)} units were assigned to more than one variant.`,
      advice: "Check that every service assigns with the same experiment key and unit id.",
    });
  }
  if (dataQuality.unassignedEvents > 0) {
    problems.push({
      kind: "unassigned",
      summary: `${formatCount(dataQuality.unassignedEvents)} events came from units that were never assigned.`,
      advice: "Check that assignments are sent before (or with) the events of the same unit.",
    });
  }
  // The results job also words a flagged SRM as a warning; it is explained above already.
  const warnings = srm.flagged
    ? dataQuality.warnings.filter((w) => !/sample ratio mismatch/i.test(w))
    : dataQuality.warnings;
  for (const warning of warnings) problems.push({ kind: "warning", summary: warning });
  return problems;
}
