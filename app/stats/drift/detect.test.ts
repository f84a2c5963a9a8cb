import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chooseDriftMethod } from "./auto";
import { DEFAULT_DRIFT_THRESHOLDS, resolveDriftConfig } from "./config";
import { detectDrift } from "./detect";
import { bell, integers } from "./test-data";
import type { FeatureValue } from "./types";

describe("chooseDriftMethod (Evidently-style defaults)", () => {
  it("numeric: KS up to 1000 reference rows, Wasserstein above", () => {
    expect(chooseDriftMethod({ kind: "numeric", referenceCount: 1000, distinctValues: 900 })).toEqual({
      method: "ks",
      asCategories: false,
    });
    expect(chooseDriftMethod({ kind: "numeric", referenceCount: 1001, distinctValues: 900 }).method).toBe(
      "wasserstein",
    );
  });
  it("categorical (and numeric with ≤ 5 distinct values): chi-square up to 1000, Jensen–Shannon above", () => {
    expect(chooseDriftMethod({ kind: "categorical", referenceCount: 10, distinctValues: 0 }).method).toBe(
      "chi-square",
    );
    expect(chooseDriftMethod({ kind: "categorical", referenceCount: 5000, distinctValues: 0 }).method).toBe(
      "jensen-shannon",
    );
    expect(chooseDriftMethod({ kind: "numeric", referenceCount: 50, distinctValues: 5 })).toEqual({
      method: "chi-square",
      asCategories: true,
    });
  });
  it("cut-offs are configurable", () => {
    expect(
      chooseDriftMethod({ kind: "numeric", referenceCount: 200, distinctValues: 50, largeSampleSize: 100 })
        .method,
    ).toBe("wasserstein");
    expect(
      chooseDriftMethod({
        kind: "numeric",
        referenceCount: 20,
        distinctValues: 8,
        maxCategoricalNumericValues: 10,
      }).method,
    ).toBe("chi-square");
  });
});

describe("resolveDriftConfig", () => {
  it("feature overrides win over model-wide settings, which win over defaults", () => {
    const cfg = resolveDriftConfig(
      {
        method: "psi",
        thresholds: { psi: 0.2 },
        bins: 20,
        features: { age: { method: "ks", threshold: 0.01, bins: 5 } },
      },
      "age",
    );
    expect(cfg).toMatchObject({ method: "ks", threshold: 0.01, bins: 5 });
    expect(cfg.thresholds.psi).toBe(0.2);
    expect(cfg.thresholds.ks).toBe(DEFAULT_DRIFT_THRESHOLDS.ks);
    expect(resolveDriftConfig({ method: "psi", bins: 20 }, "other")).toMatchObject({
      method: "psi",
      threshold: null,
      bins: 20,
    });
  });
});

describe("detectDrift", () => {
  it("small numeric samples use KS and flag a shift", () => {
    const r = detectDrift(bell(5, 400), bell(6, 300, 0.3));
    expect(r).toMatchObject({ method: "ks", kind: "numeric", threshold: 0.05, drifted: true, status: "ok" });
    expect(r.pValue).toBeLessThan(0.05);
    expect(r.referenceCount).toBe(400);
    expect(r.currentCount).toBe(300);
    expect(r.missing).toMatchObject({
      method: "chi-square",
      referenceShare: 0,
      currentShare: 0,
      drifted: false,
    });
  });
  it("large numeric samples use normalised Wasserstein ≥ 0.1", () => {
    const same = detectDrift(bell(7, 3000), bell(8, 2000));
    expect(same).toMatchObject({ method: "wasserstein", drifted: false });
    const shifted = detectDrift(bell(7, 3000), bell(8, 2000, 0.2));
    expect(shifted.drifted).toBe(true);
    expect(shifted.statistic).toBeGreaterThan(0.1);
  });
  it("a distance past its threshold on a small window is noise unless its test agrees", () => {
    // 39 windows of 150 rows drawn from the reference's own distribution: no drift at all.
    const windows = Array.from({ length: 39 }, (_, i) => bell(i + 1, 150));
    const reference = bell(100, 5000);
    const distanceAlone = windows.filter((w) => detectDrift(reference, w, { significance: 1 }).drifted);
    const confirmed = windows.filter((w) => detectDrift(reference, w).drifted);
    expect(distanceAlone.length).toBe(18);
    expect(confirmed.length).toBe(1);
    // A real shift of a third of σ on the same 150 rows still shows.
    const shifted = detectDrift(reference, bell(1, 150, 0.25));
    expect(shifted).toMatchObject({ method: "wasserstein", drifted: true });
    expect(shifted.pValue).toBeLessThan(0.05);
  });
  it("a window with fewer rows than minRows is not judged: not enough data, whatever the method", () => {
    const firstHour = detectDrift(bell(100, 5000), bell(1, 22, 3));
    expect(firstHour).toMatchObject({ method: "wasserstein", status: "NOT_ENOUGH_DATA", drifted: false });
    expect(detectDrift(bell(100, 5000), bell(1, 22, 3), { minRows: 20 })).toMatchObject({ drifted: true });
    expect(detectDrift(bell(1, 60), bell(2, 500, 3))).toMatchObject({
      method: "ks",
      status: "NOT_ENOUGH_DATA",
    });
  });
  it("categorical features use chi-square, then Jensen–Shannon for large references", () => {
    const cat = (seed: number, n: number) => integers(seed, n, 4).map((v) => `c${v}`);
    expect(detectDrift(cat(1, 500), cat(2, 400))).toMatchObject({
      method: "chi-square",
      kind: "categorical",
      drifted: false,
    });
    const large = detectDrift(cat(1, 5000), cat(2, 400));
    expect(large).toMatchObject({ method: "jensen-shannon", drifted: false });
  });
  it("an unseen category shows up as drift instead of an error", () => {
    const ref = integers(3, 500, 3).map((v) => `c${v}`);
    const cur = [...integers(4, 400, 3).map((v) => `c${v}`), ...Array<string>(40).fill("new")];
    const r = detectDrift(ref, cur);
    expect(r).toMatchObject({ method: "chi-square", drifted: true, status: "ok" });
  });
  it("a rise in missing values is drift even when the values themselves did not move", () => {
    const ref: FeatureValue[] = bell(9, 600);
    const cur: FeatureValue[] = bell(10, 500).map((x, i) => (i % 4 === 0 ? null : x));
    const r = detectDrift(ref, cur);
    expect(r.method).toBe("ks");
    expect(r.pValue).toBeGreaterThan(0.05);
    expect(r.missing).toMatchObject({
      method: "chi-square",
      referenceShare: 0,
      currentShare: 0.25,
      drifted: true,
    });
    expect(r.drifted).toBe(true);
    const big = detectDrift(
      bell(9, 3000),
      bell(10, 2000).map((x, i) => (i % 4 === 0 ? Number.NaN : x)),
    );
    expect(big).toMatchObject({ method: "wasserstein", drifted: true });
    expect(big.missing?.method).toBe("jensen-shannon");
  });
  it("histogram methods count missing values in their own bin", () => {
    const cur = bell(12, 500).map((x, i) => (i % 3 === 0 ? undefined : x));
    const r = detectDrift(bell(11, 600), cur, { method: "psi" });
    expect(r).toMatchObject({ method: "psi", drifted: true, missing: null });
  });
  it("per-feature overrides choose the method and threshold", () => {
    const config = { features: { score: { method: "psi" as const, threshold: 0.5 } } };
    const r = detectDrift(bell(5, 400), bell(6, 300, 0.3), config, "score");
    expect(r).toMatchObject({ method: "psi", threshold: 0.5, drifted: false });
    expect(detectDrift(bell(5, 400), bell(6, 300, 0.3), config, "other").method).toBe("ks");
    const asCategory = detectDrift(
      [1, 2, 3],
      [1, 2, 3],
      { features: { code: { kind: "categorical" } } },
      "code",
    );
    expect(asCategory.kind).toBe("categorical");
  });
  it("KS or Wasserstein on a categorical feature is METHOD_NOT_APPLICABLE", () => {
    expect(detectDrift(["a", "b"], ["a"], { method: "ks", minRows: 1 })).toMatchObject({
      status: "METHOD_NOT_APPLICABLE",
      statistic: null,
      drifted: false,
    });
  });
  it("degenerate inputs: empty, all-missing, constant", () => {
    // Tiny samples on purpose: these are the methods' edge cases, not the row minimum.
    const tiny = { minRows: 1 };
    expect(detectDrift([], [1, 2], tiny)).toMatchObject({
      status: "NOT_ENOUGH_DATA",
      drifted: false,
      statistic: null,
    });
    const allMissing = detectDrift([null, null], [null, Number.NaN], { ...tiny, method: "ks" });
    expect(allMissing).toMatchObject({ status: "ALL_MISSING", statistic: null, drifted: false });
    const nowMissing = detectDrift([1, 2, 3, 4, 5, 6], [null, null, null], { ...tiny, method: "ks" });
    expect(nowMissing).toMatchObject({ status: "ALL_MISSING", drifted: true });
    const constant = detectDrift([2, 2, 2, 2], [2, 2, 2], { ...tiny, method: "wasserstein" });
    expect(constant).toMatchObject({ statistic: 0, drifted: false, status: "ok" });
    const moved = detectDrift([2, 2, 2, 2], [2, 3, 2], { ...tiny, method: "wasserstein" });
    expect(moved).toMatchObject({ statistic: null, drifted: true, status: "ZERO_VARIANCE" });
    expect(detectDrift([7, 7, 7], [7, 7], tiny)).toMatchObject({
      method: "chi-square",
      statistic: 0,
      pValue: 1,
      drifted: false,
    });
  });
});

describe("detectDrift properties", () => {
  const value = fc.oneof(
    fc.double({ min: -100, max: 100 }),
    fc.constant(null),
    fc.constant(undefined),
    fc.constant(Number.NaN),
    fc.integer({ min: 0, max: 3 }),
  );
  const methods = [
    undefined,
    "ks",
    "wasserstein",
    "psi",
    "jensen-shannon",
    "hellinger",
    "chi-square",
  ] as const;
  it("never returns NaN or Infinity, p-values in [0, 1], distances ≥ 0", () => {
    fc.assert(
      fc.property(
        fc.array(value, { maxLength: 40 }),
        fc.array(value, { maxLength: 40 }),
        fc.constantFrom(...methods),
        (a, b, method) => {
          const r = detectDrift(a, b, method ? { method } : {});
          for (const x of [r.statistic, r.pValue, r.missing?.statistic ?? null, r.missing?.pValue ?? null]) {
            if (x !== null) expect(Number.isFinite(x)).toBe(true);
          }
          if (r.pValue !== null) {
            expect(r.pValue).toBeGreaterThanOrEqual(0);
            expect(r.pValue).toBeLessThanOrEqual(1);
          }
          if (r.statistic !== null) expect(r.statistic).toBeGreaterThanOrEqual(0);
          expect(typeof r.drifted).toBe("boolean");
        },
      ),
    );
  });
  it("identical samples never drift and have zero distance", () => {
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 1, maxLength: 40 }),
        fc.constantFrom(...methods),
        (a, method) => {
          const r = detectDrift(a, [...a].reverse(), method ? { method } : {});
          expect(r.drifted).toBe(false);
          if (r.statistic !== null && r.method !== "chi-square") expect(r.statistic).toBeCloseTo(0, 10);
        },
      ),
    );
  });
});
