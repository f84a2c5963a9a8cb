import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyzeInterleaving, teamDraftInterleave, teamDraftOutcome } from "./interleaving";
import { expectClose } from "#app/stats/expect-close";

// Reference values: scripts/reference/experiment_interleaving.py (Δ by hand, p-value from
// scipy.stats.binomtest on wins with ties dropped).
const REF = [
  { winsA: 60, winsB: 40, ties: 25, preference: 0.07999999999999996, pValue: 0.05688793364098088 },
  { winsA: 10, winsB: 10, ties: 3, preference: 0.0, pValue: 1.0 },
  { winsA: 0, winsB: 7, ties: 0, preference: -0.5, pValue: 0.015625 },
  { winsA: 530, winsB: 470, ties: 1200, preference: 0.013636363636363669, pValue: 0.06202319509836348 },
  { winsA: 3, winsB: 1, ties: 0, preference: 0.25, pValue: 0.625 },
  { winsA: 1, winsB: 0, ties: 5, preference: 0.08333333333333337, pValue: 1.0 },
];

describe("team-draft interleaving", () => {
  it("is deterministic for a seed and varies across seeds", () => {
    const a = ["a1", "a2", "a3", "a4", "a5", "a6"];
    const b = ["b1", "b2", "b3", "b4", "b5", "b6"];
    expect(teamDraftInterleave(a, b, 123)).toEqual(teamDraftInterleave(a, b, 123));
    const firstTeams = new Set(
      Array.from({ length: 32 }, (_, seed) => teamDraftInterleave(a, b, seed)[0]?.team),
    );
    expect(firstTeams).toEqual(new Set(["A", "B"]));
  });

  it("alternates picks in rounds, each team taking its best unshown result (Radlinski et al. 2008)", () => {
    // Identical rankings: whoever picks, the merged list is the common ranking.
    const same = ["x", "y", "z", "w"];
    expect(teamDraftInterleave(same, same, 5).map((e) => e.item)).toEqual(same);
    // Shared top result: the second picker skips it and contributes its own next result.
    const merged = teamDraftInterleave(["d1", "d2", "d3"], ["d1", "d4", "d2"], 9);
    expect(new Set(merged.map((e) => e.item)).size).toBe(merged.length);
    expect(merged[0]?.item).toBe("d1");
    expect(merged[1]?.item).toBe(merged[0]?.team === "A" ? "d4" : "d2");
  });

  it("respects the invariants of the algorithm for arbitrary rankings", () => {
    const ranking = fc.uniqueArray(fc.integer({ min: 0, max: 30 }), { maxLength: 15 });
    fc.assert(
      fc.property(
        ranking,
        ranking,
        fc.integer(),
        fc.integer({ min: 0, max: 40 }),
        (a, b, seed, maxLength) => {
          const merged = teamDraftInterleave(a, b, seed, maxLength);
          const items = merged.map((e) => e.item);
          expect(new Set(items).size).toBe(items.length);
          expect(items.length).toBeLessThanOrEqual(maxLength);
          let countA = 0;
          let countB = 0;
          for (const entry of merged) {
            // Teams never differ by more than one pick at any prefix.
            if (entry.team === "A") countA++;
            else countB++;
            expect(Math.abs(countA - countB)).toBeLessThanOrEqual(1);
          }
          // Each team's picks follow its own ranking order.
          for (const [team, ranking] of [
            ["A", a],
            ["B", b],
          ] as const) {
            const ranks = merged.filter((e) => e.team === team).map((e) => ranking.indexOf(e.item));
            expect(ranks.every((r) => r >= 0)).toBe(true);
            expect([...ranks].sort((x, y) => x - y)).toEqual(ranks);
          }
          // Prefix property: a shorter page is a prefix of a longer one with the same seed.
          const prefixLength = Math.min(3, maxLength);
          expect(teamDraftInterleave(a, b, seed, prefixLength)).toEqual(merged.slice(0, prefixLength));
        },
      ),
    );
  });

  it("credits clicks to the contributing team", () => {
    const merged = [
      { item: "p", team: "A" as const },
      { item: "q", team: "B" as const },
      { item: "r", team: "B" as const },
    ];
    expect(teamDraftOutcome(merged, [1, 2])).toBe("B");
    expect(teamDraftOutcome(merged, [0, 1])).toBe("tie");
    expect(teamDraftOutcome(merged, [0, 0, 7])).toBe("A");
    expect(teamDraftOutcome(merged, [])).toBe("tie");
  });
});

describe("interleaving analysis", () => {
  for (const ref of REF) {
    it(`wins ${ref.winsA}/${ref.winsB}, ties ${ref.ties} matches scipy.stats.binomtest`, () => {
      const r = analyzeInterleaving(ref.winsA, ref.winsB, ref.ties);
      if (r.status !== "ok") throw new Error(r.status);
      expectClose(r.preference, ref.preference, 1e-12);
      expectClose(r.pValue, ref.pValue, 1e-9);
    });
  }

  it("declines empty or invalid counts, and has no p-value with only ties", () => {
    expect(analyzeInterleaving(0, 0, 0).status).toBe("NOT_ENOUGH_DATA");
    expect(analyzeInterleaving(-1, 0, 0).status).toBe("INVALID_INPUT");
    expect(analyzeInterleaving(0, 0, 4)).toEqual({ status: "ok", preference: 0, pValue: null, total: 4 });
  });
});
