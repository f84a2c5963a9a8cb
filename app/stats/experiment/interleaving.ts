/**
 * Team-draft interleaving (Radlinski, Kurup & Joachims, "How does clickthrough data reflect
 * retrieval quality?", CIKM 2008): two rankers take turns, like captains picking teams, each
 * adding its highest-ranked result not yet shown; a coin flip decides who picks first in each round.
 * Clicks are credited to the team that contributed the clicked result.
 */
import { mulberry32 } from "./seeded-random";
import { signTestPValue } from "./sign-test";
import type { FailureStatus } from "./types";

export type Team = "A" | "B";

export interface InterleavedItem<T> {
  item: T;
  team: Team;
}

/** Team-draft interleaving of rankings A and B, deterministic for a given seed (Radlinski, Kurup & Joachims, CIKM 2008, Algorithm 2). */
export function teamDraftInterleave<T>(
  rankingA: readonly T[],
  rankingB: readonly T[],
  seed: number,
  maxLength: number = Number.POSITIVE_INFINITY,
): InterleavedItem<T>[] {
  const random = mulberry32(seed);
  const merged: InterleavedItem<T>[] = [];
  const shown = new Set<T>();
  let teamASize = 0;
  let teamBSize = 0;
  let nextA = 0;
  let nextB = 0;
  const skipShown = (ranking: readonly T[], from: number) => {
    let i = from;
    while (i < ranking.length && shown.has(ranking[i] as T)) i++;
    return i;
  };
  while (merged.length < maxLength) {
    nextA = skipShown(rankingA, nextA);
    nextB = skipShown(rankingB, nextB);
    // The paper stops as soon as either ranking has nothing new to offer, so neither team can be
    // padded with picks the other could not answer.
    if (nextA >= rankingA.length || nextB >= rankingB.length) break;
    const aPicks = teamASize < teamBSize || (teamASize === teamBSize && random() < 0.5);
    const item = (aPicks ? rankingA[nextA] : rankingB[nextB]) as T;
    shown.add(item);
    merged.push({ item, team: aPicks ? "A" : "B" });
    if (aPicks) teamASize++;
    else teamBSize++;
  }
  return merged;
}

/** Outcome of one interleaved impression: the team with more clicked items wins (Radlinski et al. 2008, §4 credit assignment). */
export function teamDraftOutcome<T>(
  merged: readonly InterleavedItem<T>[],
  clickedPositions: Iterable<number>,
): Team | "tie" {
  let clicksA = 0;
  let clicksB = 0;
  for (const position of new Set(clickedPositions)) {
    const team = merged[position]?.team;
    if (team === "A") clicksA++;
    else if (team === "B") clicksB++;
  }
  if (clicksA === clicksB) return "tie";
  return clicksA > clicksB ? "A" : "B";
}

export type InterleavingResult =
  | { status: "ok"; preference: number; pValue: number | null; total: number }
  | { status: FailureStatus };

/** Interleaving preference Δ = (wins_A + ties/2)/total − 0.5 with a two-sided sign test on wins, ties dropped (Chapelle et al., TOIS 2012; scipy.stats.binomtest). */
export function analyzeInterleaving(winsA: number, winsB: number, ties: number): InterleavingResult {
  const counts = [winsA, winsB, ties];
  if (counts.some((c) => !Number.isInteger(c) || c < 0)) return { status: "INVALID_INPUT" };
  const total = winsA + winsB + ties;
  if (total === 0) return { status: "NOT_ENOUGH_DATA" };
  return {
    status: "ok",
    preference: (winsA + ties / 2) / total - 0.5,
    // With only ties there is no decisive impression to test; the preference (0) still stands.
    pValue: signTestPValue(winsA, winsA + winsB),
    total,
  };
}
