import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { experimentResultsJob } from "#jobs/experiment-results";
import { silentLogger } from "#lib/log";
import { drivers, startTestApp, type TestApp } from "#test/harness";

const HOUR = 3600_000;

interface Arm {
  n: number;
  sum: number;
  sumSquares: number;
  covariateSum: number;
  covariateSumSquares: number;
  covariateSumProduct: number;
  clipped: number;
}
interface Capped {
  cap: number;
  arms: { control: Arm; treatment: Arm };
}

function ref(at: "midnight" | "latest", key: string): Capped {
  const found = REFERENCE[at][key];
  if (!found) throw new Error(`no reference for ${at} ${key}`);
  return found;
}
const T0 = new Date("2026-11-10T06:00:00Z");
const MIDNIGHT = "2026-11-11T00:00:00.000Z";
const AS_OF = new Date("2026-11-12T12:00:00Z");

/*
 * numpy.clip of the same rows at the same caps (numpy.percentile, linear, over every unit assigned
 * by then; zeros left out for p90nz), per arm, as of the first midnight and the latest run:
 * /usr/bin/python3 scripts/reference/experiment_capping.py. `clipped` counts the units above the cap.
 */
const REFERENCE: Record<"midnight" | "latest", Record<string, Capped>> = {
  midnight: {
    p99: {
      cap: 5143.2,
      arms: {
        control: {
          n: 90,
          sum: 22848.4,
          sumSquares: 104385846.47999999,
          covariateSum: 9845.0,
          covariateSumSquares: 27075965.0,
          covariateSumProduct: 434269.8,
          clipped: 2,
        },
        treatment: {
          n: 90,
          sum: 22552.0,
          sumSquares: 104659114.0,
          covariateSum: 9000.0,
          covariateSumSquares: 27000000.0,
          covariateSumProduct: 186000.0,
          clipped: 0,
        },
      },
    },
    p90nz: {
      cap: 88.9,
      arms: {
        control: {
          n: 90,
          sum: 2751.2,
          sumSquares: 167101.68,
          covariateSum: 1102.6999999999998,
          covariateSumSquares: 45593.630000000005,
          covariateSumProduct: 30249.7,
          clipped: 8,
        },
        treatment: {
          n: 90,
          sum: 2441.5,
          sumSquares: 134571.05,
          covariateSum: 266.70000000000005,
          covariateSumSquares: 23709.630000000005,
          covariateSumProduct: 5511.8,
          clipped: 5,
        },
      },
    },
    abs100: {
      cap: 100.0,
      arms: {
        control: {
          n: 90,
          sum: 2819.0,
          sumSquares: 179897.0,
          covariateSum: 1136.0,
          covariateSumSquares: 51884.0,
          covariateSumProduct: 31393.0,
          clipped: 6,
        },
        treatment: {
          n: 90,
          sum: 2497.0,
          sumSquares: 145055.0,
          covariateSum: 300.0,
          covariateSumSquares: 30000.0,
          covariateSumProduct: 6200.0,
          clipped: 5,
        },
      },
    },
  },
  latest: {
    p99: {
      cap: 5185.03,
      arms: {
        control: {
          n: 100,
          sum: 24523.03,
          sumSquares: 105308436.1009,
          covariateSum: 9950.0,
          covariateSumSquares: 27078650.0,
          covariateSumProduct: 672081.0,
          clipped: 1,
        },
        treatment: {
          n: 100,
          sum: 29520.03,
          sumSquares: 132282125.1009,
          covariateSum: 12000.0,
          covariateSumSquares: 36000000.0,
          covariateSumProduct: 351000.0,
          clipped: 1,
        },
      },
    },
    p90nz: {
      cap: 99.9,
      arms: {
        control: {
          n: 100,
          sum: 4394.1,
          sumSquares: 306439.08999999997,
          covariateSum: 1240.6999999999998,
          covariateSumSquares: 54509.030000000006,
          covariateSumProduct: 53439.600000000006,
          clipped: 9,
        },
        treatment: {
          n: 100,
          sum: 4299.2,
          sumSquares: 291496.07999999996,
          covariateSum: 399.6,
          covariateSumSquares: 39920.04000000001,
          covariateSumProduct: 11688.3,
          clipped: 8,
        },
      },
    },
    abs100: {
      cap: 100.0,
      arms: {
        control: {
          n: 100,
          sum: 4395.0,
          sumSquares: 306619.0,
          covariateSum: 1241.0,
          covariateSumSquares: 54569.0,
          covariateSumProduct: 53459.0,
          clipped: 8,
        },
        treatment: {
          n: 100,
          sum: 4300.0,
          sumSquares: 291656.0,
          covariateSum: 400.0,
          covariateSumSquares: 40000.0,
          covariateSumProduct: 11700.0,
          clipped: 8,
        },
      },
    },
  },
};

const CAPPINGS = {
  p99: { type: "percentile", value: 0.99 },
  p90nz: { type: "percentile", value: 0.9, ignoreZeros: true },
  abs100: { type: "absolute", value: 100 },
} as const;

/** The rows experiment_capping.py transcribes: purchases with a few outliers, zeros, pre-period values. */
function generate() {
  const assignments: Array<{ experiment: string; unit: string; variant: string; timestamp: string }> = [];
  const events: Array<{ id: string; unit: string; name: string; value: number; timestamp: string }> = [];
  const push = (unit: string, value: number, ts: number) =>
    events.push({
      id: `e${events.length}`,
      unit,
      name: "purchase",
      value,
      timestamp: new Date(ts).toISOString(),
    });
  for (let i = 0; i < 200; i++) {
    const unit = `u-${i}`;
    const at = T0.getTime() + 6 * i * 60_000;
    const variant = i % 2 === 0 ? "control" : "treatment";
    for (const experiment of ["capped", "capped-abs"]) {
      assignments.push({ experiment, unit, variant, timestamp: new Date(at).toISOString() });
    }
    if (i % 5 !== 0) {
      for (let k = 0; k < 1 + (i % 3); k++)
        push(unit, ((i * 37 + k * 11) % 50) + 1, at + (5 * k + (i % 7)) * HOUR);
    }
    if (i % 23 === 1) push(unit, 5000 + i, at + HOUR);
    if (i % 4 === 0) push(unit, ((i * 13) % 40) + 1, at - 48 * HOUR);
    if (i % 31 === 3) push(unit, 3000, at - 30 * HOUR);
  }
  return { assignments, events };
}

function expectSums(actual: Record<string, number>, expected: Arm, label: string) {
  expect(actual.n, label).toBe(expected.n);
  for (const key of [
    "sum",
    "sumSquares",
    "covariateSum",
    "covariateSumSquares",
    "covariateSumProduct",
  ] as const) {
    expect(actual[key], `${label} ${key}`).toBeCloseTo(expected[key], 6);
  }
}

interface MetricResult {
  metric: string;
  capping?: { type: string; value: number; ignoreZeros: boolean; cap: number | null };
  variants: Array<{ variant: string; sums: Record<string, number> }>;
}

function expectClipped(metrics: MetricResult[], reference: Record<string, Capped>, label: string) {
  for (const [key, ref] of Object.entries(reference)) {
    const metric = metrics.find((m) => m.metric === key);
    expect(metric?.capping?.cap, `${label} ${key} cap`).toBeCloseTo(ref.cap, 9);
    for (const variant of ["control", "treatment"] as const) {
      const sums = metric?.variants.find((v) => v.variant === variant)?.sums ?? {};
      expectSums(sums, ref.arms[variant], `${label} ${key} ${variant}`);
    }
  }
}

describe.each(drivers)("capped mean metrics through the results job on %s", (driver) => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp(driver);
    app.now.value = T0;
    for (const [key, capping] of Object.entries(CAPPINGS)) {
      const body = { key, name: key, type: "mean", event: "purchase", capping };
      expect((await app.api("POST", "/api/v1/metrics", { body })).status, key).toBe(201);
    }
    for (const [key, metrics] of [
      ["capped", { primary: "p99", secondary: ["p90nz", "abs100"] }],
      ["capped-abs", { primary: "abs100" }],
    ] as const) {
      const body = {
        key,
        name: key,
        variants: [
          { key: "control", weight: 0.5 },
          { key: "treatment", weight: 0.5 },
        ],
        metrics,
        settings: { cuped: true },
      };
      expect((await app.api("POST", "/api/v1/experiments", { body })).status).toBe(201);
      expect((await app.api("POST", `/api/v1/experiments/${key}/start`)).status).toBe(200);
    }
    const { assignments, events } = generate();
    expect((await app.api("POST", "/api/v1/assignments", { body: { assignments } })).status).toBe(200);
    expect((await app.api("POST", "/api/v1/events", { body: { events } })).status).toBe(200);
    const run = await experimentResultsJob.run({ db: app.db.handle, now: AS_OF, log: silentLogger });
    expect(run).toMatchObject({ itemsOk: 2, itemsFailed: 0 });
  });
  afterAll(() => app.stop());

  it("publishes the metric's capping settings", async () => {
    const res = await app.api("GET", "/api/v1/metrics");
    const p90 = res.body.metrics.find((m: { key: string }) => m.key === "p90nz");
    expect(p90.capping).toEqual({ type: "percentile", value: 0.9, ignoreZeros: true });
  });

  it("clips each unit's value and covariate as numpy.clip does, at the p99 / p90-without-zeros / absolute cap of this run", async () => {
    const res = await app.api("GET", "/api/v1/experiments/capped/results");
    expect(res.status).toBe(200);
    expectClipped(res.body.metrics, REFERENCE.latest, "latest");
    // The caps bite: the reference clips units in every capped metric.
    expect(ref("latest", "p90nz").arms.control.clipped).toBeGreaterThan(0);
    expect(res.body.metrics[0].capping).toMatchObject({
      type: "percentile",
      value: 0.99,
      ignoreZeros: false,
    });
  });

  it("takes a history point's percentile over the units as of that midnight", async () => {
    const res = await app.api("GET", "/api/v1/experiments/capped/results/history");
    const point = res.body.points.find((p: { asOf: string }) => p.asOf === MIDNIGHT);
    expectClipped(point.metrics, REFERENCE.midnight, "midnight");
    // The percentile moved between the two runs: each snapshot records its own.
    expect(ref("midnight", "p99").cap).not.toBe(ref("latest", "p99").cap);
  });

  it("clips at an absolute cap in the one-pass history as in the rollup", async () => {
    const history = await app.api("GET", "/api/v1/experiments/capped-abs/results/history");
    const point = history.body.points.find((p: { asOf: string }) => p.asOf === MIDNIGHT);
    expectClipped(point.metrics, { abs100: ref("midnight", "abs100") }, "midnight");
    const latest = await app.api("GET", "/api/v1/experiments/capped-abs/results");
    expectClipped(latest.body.metrics, { abs100: ref("latest", "abs100") }, "latest");
  });

  it.each([
    [{ type: "proportion", capping: { type: "absolute", value: 5 } }, "capping", "only mean metrics"],
    [{ type: "mean", capping: { type: "percentile", value: 99 } }, "capping.value", "fraction in (0, 1)"],
    [{ type: "mean", capping: { type: "absolute", value: 0 } }, "capping.value", ""],
    [
      { type: "mean", capping: { type: "absolute", value: 10, ignoreZeros: true } },
      "capping.ignoreZeros",
      "percentile",
    ],
    [{ type: "mean", capping: { type: "absolute", value: 10, lower: 1 } }, "capping", ""],
  ])("refuses capping %j with a 400 naming the field", async (fields, path, reason) => {
    const body = { key: "bad", name: "bad", event: "purchase", ...fields };
    const res = await app.api("POST", "/api/v1/metrics", { body });
    expect(res.status).toBe(400);
    const detail = res.body.error.details.find((d: { path: string }) => d.path === path);
    expect(detail?.message ?? "", JSON.stringify(res.body.error.details)).toContain(reason);
  });
});
