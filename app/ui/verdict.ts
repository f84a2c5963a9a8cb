/** A comparison's outcome in words, never colour alone (the badge adds an icon and a tone). */
export type VerdictKind = "win" | "loss" | "inconclusive" | "not-enough-data";

export interface VerdictInput {
  verdict?: "better" | "worse" | "inconclusive" | "untrustworthy";
  status?: string;
}

export const VERDICT_LABEL: Record<VerdictKind, string> = {
  win: "Win",
  loss: "Loss",
  inconclusive: "Inconclusive",
  "not-enough-data": "Not enough data",
};

export function verdictOf(result: VerdictInput): VerdictKind {
  if (result.status !== undefined && result.status.toLowerCase() !== "ok") return "not-enough-data";
  if (result.verdict === "better") return "win";
  if (result.verdict === "worse") return "loss";
  // Untrustworthy (failed health check) has no badge of its own yet: never show it as a win or a
  // loss; the health banner gives the reason.
  if (result.verdict === "inconclusive" || result.verdict === "untrustworthy") return "inconclusive";
  return "not-enough-data";
}
