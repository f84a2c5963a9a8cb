/** A comparison's outcome in words, never colour alone (the badge adds an icon and a tone). */
export type VerdictKind = "win" | "loss" | "inconclusive" | "untrustworthy" | "not-enough-data";

export interface VerdictInput {
  verdict?: "better" | "worse" | "inconclusive" | "untrustworthy";
  status?: string;
}

export const VERDICT_LABEL: Record<VerdictKind, string> = {
  win: "Win",
  loss: "Loss",
  inconclusive: "Inconclusive",
  untrustworthy: "Untrustworthy",
  "not-enough-data": "Not enough data",
};

export function verdictOf(result: VerdictInput): VerdictKind {
  if (result.status !== undefined && result.status.toLowerCase() !== "ok") return "not-enough-data";
  // A failed health check (SRM, multiple exposures) outranks any win or loss: the numbers stay
  // visible, the verdict says they cannot be trusted and the health banner says why.
  if (result.verdict === "untrustworthy") return "untrustworthy";
  if (result.verdict === "better") return "win";
  if (result.verdict === "worse") return "loss";
  if (result.verdict === "inconclusive") return "inconclusive";
  return "not-enough-data";
}
