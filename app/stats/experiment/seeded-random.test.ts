import { describe, expect, it } from "vitest";
import { mulberry32 } from "./seeded-random";

// Reference streams: scripts/reference/experiment_interleaving.py (independent Python transcription
// with explicit uint32 arithmetic, checked there against the canonical JavaScript).
const STREAMS: Record<number, number[]> = {
  0: [
    0.26642920868471265, 0.0003297457005828619, 0.2232720274478197, 0.1462021479383111, 0.46732782293111086,
  ],
  1: [0.6270739405881613, 0.002735721180215478, 0.5274470399599522, 0.9810509674716741, 0.9683778982143849],
  42: [0.6011037519201636, 0.44829055899754167, 0.8524657934904099, 0.6697340414393693, 0.17481389874592423],
  4294967295: [
    0.8964226141106337, 0.189478256739676, 0.7156526781618595, 0.9440599093213677, 0.8452364315744489,
  ],
};

describe("mulberry32", () => {
  for (const [seed, expected] of Object.entries(STREAMS)) {
    it(`seed ${seed} reproduces the reference stream`, () => {
      const next = mulberry32(Number(seed));
      expect(expected.map(() => next())).toEqual(expected);
    });
  }

  it("is roughly uniform on [0, 1)", () => {
    const next = mulberry32(7);
    const draws = Array.from({ length: 20000 }, () => next());
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    // Standard error of the mean is 1/sqrt(12·20000) ≈ 0.002.
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
  });
});
