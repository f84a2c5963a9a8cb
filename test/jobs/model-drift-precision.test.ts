import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PredictionsBatch } from "#lib/contracts/models";
import { silentLogger } from "#lib/log";
import type { ThrowawayDatabase } from "#test/throwaway-database";
import { createModel } from "#app/services/models.server";
import { ingestPredictions } from "#app/services/predictions.server";
import { ksPValue } from "#app/stats/drift/ks";
import { DRIFT_SHAPES, type DriftShape } from "#app/stats/drift/test-data";
import { modelDriftJob } from "#jobs/model-drift";
import { createTestDatabase, drivers } from "#test/harness";
import { PRECISION_REFERENCE_ROWS, PRECISION_WINDOW_ROWS, precisionSamples } from "./drift-precision-data";

const DAY = 86400_000;
const T0 = Date.UTC(2026, 9, 1);
const NOW = new Date(T0 + 3 * DAY);

/**
 * scipy 1.10.1 on the same rows (scripts/reference/drift_precision.py): W₁/np.std(ref), the raw
 * W₁, and ks_2samp(method='auto') — asymptotic here, as max(n₁, n₂) = 20,000 > 10,000.
 */
const SCIPY: Record<
  DriftShape,
  Record<"same" | "moved", { wasserstein: number | null; w1: number; d: number; p: number }>
> = {
  normal: {
    same: {
      wasserstein: 0.01565211533053281,
      w1: 0.03126475637453387,
      d: 0.010116666666666663,
      p: 0.4237435052334326,
    },
    moved: {
      wasserstein: 0.24876062118077277,
      w1: 0.49689387361100024,
      d: 0.09984999999999994,
      p: 1.5149888480154766e-65,
    },
  },
  lognormal: {
    same: {
      wasserstein: 0.014733660139619327,
      w1: 0.03072075504090197,
      d: 0.007750000000000007,
      p: 0.7554499623530542,
    },
    moved: { wasserstein: 0.05538840738568355, w1: 0.11548886558240058, d: 0.03125, p: 8.492806237965068e-7 },
  },
  student2: {
    same: {
      wasserstein: 0.015300760779399906,
      w1: 0.049755241430256156,
      d: 0.012450000000000017,
      p: 0.19376421333096538,
    },
    moved: {
      wasserstein: 0.08918112436355483,
      w1: 0.29000050636072994,
      d: 0.09011666666666668,
      p: 1.891845402597552e-53,
    },
  },
  cauchy: {
    same: {
      wasserstein: 0.016423742248418707,
      w1: 4.428984030500159,
      d: 0.007950000000000013,
      p: 0.7271461657226574,
    },
    moved: {
      wasserstein: 0.015995047852510724,
      w1: 4.31337818350605,
      d: 0.07956666666666673,
      p: 9.530767138442723e-42,
    },
  },
  discrete: {
    same: {
      wasserstein: 0.017163685041858605,
      w1: 0.041466666666666756,
      d: 0.01323333333333332,
      p: 0.1432900657558167,
    },
    moved: {
      wasserstein: 0.14260759533171244,
      w1: 0.3445333333333336,
      d: 0.058600000000000096,
      p: 7.895123776940493e-23,
    },
  },
  constant: {
    same: { wasserstein: null, w1: 0, d: 0, p: 1 },
    moved: { wasserstein: null, w1: 0.5, d: 1, p: 0 },
  },
};

const WINDOWS = { same: 1, moved: 2 } as const;

interface Row {
  feature: string;
  day: number;
  method: string;
  statistic: number | null;
  p_value: number | null;
  drifted: boolean;
  status: string;
  reference_count: number;
  current_count: number;
}

describe.each(drivers)("drift job precision against scipy on %s", (driver) => {
  let db: ThrowawayDatabase;
  let rows: Row[] = [];
  const samples = precisionSamples();

  beforeAll(async () => {
    db = await createTestDatabase(driver);
    const features = Object.fromEntries(
      DRIFT_SHAPES.flatMap((s) => [
        [`${s}_w`, { method: "wasserstein" as const }],
        [`${s}_ks`, { method: "ks" as const }],
      ]),
    );
    await createModel(
      db.handle,
      { key: "shapes", name: "Shapes", task: "regression", driftConfig: { features } },
      NOW,
    );
    const days: Array<[number, keyof (typeof samples)["normal"], number]> = [
      [0, "reference", PRECISION_REFERENCE_ROWS],
      [1, "same", PRECISION_WINDOW_ROWS],
      [2, "moved", PRECISION_WINDOW_ROWS],
    ];
    for (const [day, part, n] of days) {
      for (let start = 0; start < n; start += 5000) {
        const predictions: PredictionsBatch["predictions"] = [];
        for (let i = start; i < Math.min(n, start + 5000); i++) {
          const values = Object.fromEntries(
            DRIFT_SHAPES.flatMap((s) => {
              const x = samples[s][part][i] as number;
              return [
                [`${s}_w`, x],
                [`${s}_ks`, x],
              ];
            }),
          );
          predictions.push({
            id: `${part}-${i}`,
            model: "shapes",
            version: "v1",
            timestamp: new Date(T0 + day * DAY + Math.floor((i / n) * DAY)),
            score: 0.5,
            features: values,
          });
        }
        await ingestPredictions(db.handle, { predictions }, NOW);
      }
    }
    await db.handle.rows(sql`
      update model_versions set reference_from = ${new Date(T0).toISOString()}::timestamptz,
        reference_to = ${new Date(T0 + DAY).toISOString()}::timestamptz`);
    const result = await modelDriftJob.run({ db: db.handle, now: NOW, log: silentLogger });
    expect(result).toMatchObject({ itemsOk: 1, itemsFailed: 0 });
    rows = (
      await db.handle.rows<Record<string, unknown>>(sql`
        select feature, (extract(epoch from window_start - ${new Date(T0).toISOString()}::timestamptz) / 86400)::int as day,
          method, statistic, p_value, drifted, status, reference_count, current_count
        from drift_snapshots where kind = 'feature'`)
    ).map((r) => ({
      ...(r as unknown as Row),
      day: Number(r.day),
      statistic: r.statistic === null ? null : Number(r.statistic),
      p_value: r.p_value === null ? null : Number(r.p_value),
    }));
  }, 600_000);
  afterAll(() => db?.drop());

  const snapshot = (feature: string, window: keyof typeof WINDOWS) => {
    const row = rows.find((r) => r.feature === feature && r.day === WINDOWS[window]);
    if (!row) throw new Error(`no snapshot of ${feature} in window ${window}`);
    return row;
  };

  for (const shape of DRIFT_SHAPES) {
    for (const window of ["same", "moved"] as const) {
      const expected = SCIPY[shape][window];
      it(`${shape}, ${window}: W₁/σ within 1% of scipy and the same flag`, () => {
        const w = snapshot(`${shape}_w`, window);
        expect(w).toMatchObject({ method: "wasserstein", reference_count: PRECISION_REFERENCE_ROWS });
        if (expected.wasserstein === null) {
          // A constant reference: no scale, so any move at all is drift (W₁ = 0 reads 0).
          expect(w.statistic).toBe(expected.w1 === 0 ? 0 : null);
          expect(w.status).toBe(expected.w1 === 0 ? "ok" : "ZERO_VARIANCE");
          expect(w.drifted).toBe(expected.w1 > 0);
        } else {
          expect(Math.abs((w.statistic ?? Number.NaN) / expected.wasserstein - 1)).toBeLessThan(0.01);
          expect(w.drifted).toBe(expected.wasserstein >= 0.1);
        }
      });
      it(`${shape}, ${window}: KS D within 0.002 of scipy, its p-value from that D, and the same flag`, () => {
        const ks = snapshot(`${shape}_ks`, window);
        expect(ks.method).toBe("ks");
        expect(Math.abs((ks.statistic ?? Number.NaN) - expected.d)).toBeLessThan(0.002);
        const n = [PRECISION_REFERENCE_ROWS, PRECISION_WINDOW_ROWS] as const;
        const fromD = ksPValue(n[0], n[1], ks.statistic ?? Number.NaN);
        expect(fromD.method).toBe("asymp");
        expect(ks.p_value).toBeCloseTo(fromD.pValue, 12);
        expect(ks.drifted).toBe(expected.p < 0.05);
      });
    }
  }
});
