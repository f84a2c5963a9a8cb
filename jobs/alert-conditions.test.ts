import { describe, expect, it } from "vitest";
import type { DriftSnapshotRow, PerformanceSnapshotRow } from "#db/queries/model-snapshots";
import type { ResultsDocument } from "#lib/contracts/results";
import {
  driftObservations,
  experimentObservations,
  jobFailureObservations,
  MIN_JUDGED_ROWS,
  performanceObservations,
} from "./alert-conditions";

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 1);

/** The parts of a results document the conditions read. */
function results(
  srmP: number | null,
  revenue: { lift: number; p: number; significant: boolean; status?: string },
) {
  return {
    srm: { pValue: srmP, flagged: false, counts: {}, status: "ok" },
    metrics: [
      {
        metric: "revenue",
        role: "guardrail",
        type: "mean",
        higherIsBetter: true,
        variants: [
          { variant: "control", units: 100, mean: 10 },
          {
            variant: "treatment",
            units: 100,
            mean: 10 * (1 + revenue.lift),
            absoluteDiff: 10 * revenue.lift,
            relativeLift: revenue.lift,
            pValue: revenue.p,
            significant: revenue.significant,
            status: revenue.status ?? "ok",
          },
        ],
      },
    ],
  } as unknown as ResultsDocument;
}

const running = { key: "checkout", status: "running" as const };

describe("experiment conditions", () => {
  it("srm fires below the threshold, default 0.001", () => {
    const rule = { kind: "srm", target: {}, threshold: null };
    expect(
      experimentObservations(rule, running, results(0.0004, { lift: 0, p: 1, significant: false })),
    ).toEqual([
      { instance: "experiment:checkout", subject: { experiment: "checkout" }, active: true, value: 0.0004 },
    ]);
    expect(
      experimentObservations(rule, running, results(0.002, { lift: 0, p: 1, significant: false }))[0]?.active,
    ).toBe(false);
    expect(
      experimentObservations(
        { ...rule, threshold: 0.01 },
        running,
        results(0.002, { lift: 0, p: 1, significant: false }),
      )[0]?.active,
    ).toBe(true);
  });

  it("srm over every running experiment lets a stopped one resolve; srm without a p-value has no evidence", () => {
    const rule = { kind: "srm", target: {}, threshold: null };
    const stopped = { key: "checkout", status: "stopped" as const };
    expect(
      experimentObservations(rule, stopped, results(1e-9, { lift: 0, p: 1, significant: false }))[0]?.active,
    ).toBe(false);
    expect(
      experimentObservations(rule, running, results(null, { lift: 0, p: 1, significant: false }))[0]?.active,
    ).toBeNull();
    const other = { kind: "srm", target: { experiment: "search" }, threshold: null };
    expect(
      experimentObservations(other, running, results(1e-9, { lift: 0, p: 1, significant: false })),
    ).toEqual([]);
  });

  it("a guardrail fires only when significantly worse; metric_significant in either direction", () => {
    const guardrail = { kind: "guardrail", target: { experiment: "checkout" }, threshold: null };
    const moved = {
      kind: "metric_significant",
      target: { experiment: "checkout", metric: "revenue" },
      threshold: null,
    };
    const worse = results(0.5, { lift: -0.2, p: 0.001, significant: true });
    const better = results(0.5, { lift: 0.2, p: 0.001, significant: true });
    expect(experimentObservations(guardrail, running, worse)).toEqual([
      {
        instance: "experiment:checkout/metric:revenue",
        subject: { experiment: "checkout", metric: "revenue" },
        active: true,
        value: 0.001,
      },
    ]);
    expect(experimentObservations(guardrail, running, better)[0]?.active).toBe(false);
    expect(experimentObservations(moved, running, better)[0]?.active).toBe(true);
    expect(experimentObservations(moved, running, worse)[0]?.active).toBe(true);
    const thin = results(0.5, { lift: -0.2, p: 0.001, significant: false, status: "NOT_ENOUGH_DATA" });
    expect(experimentObservations(guardrail, running, thin)[0]?.active).toBeNull();
  });
});

function driftRow(day: number, feature: string, drifted: boolean, status = "ok"): DriftSnapshotRow {
  return {
    feature,
    kind: "feature",
    windowStart: new Date(T0 + day * DAY),
    windowEnd: new Date(T0 + (day + 1) * DAY),
    method: "ks",
    statistic: drifted ? 0.3 : 0.01,
    pValue: drifted ? 0.0001 : 0.6,
    threshold: 0.05,
    drifted,
    referenceCount: 1000,
    currentCount: status === "ok" ? 200 : 0,
    status,
    details: {},
  };
}

describe("model conditions", () => {
  const version = { modelKey: "ranker", version: "v2" };

  it("drift reads the latest window that has an answer, any feature or a share", () => {
    const rows = [
      driftRow(5, "age", false),
      driftRow(5, "income", true),
      driftRow(6, "age", false, "NOT_ENOUGH_DATA"),
      driftRow(6, "income", false, "NOT_ENOUGH_DATA"),
    ];
    const any = { kind: "drift", target: { model: "ranker" }, threshold: null };
    expect(driftObservations(any, version, rows)).toEqual([
      {
        instance: "model:ranker/version:v2",
        subject: { model: "ranker", version: "v2", feature: "any" },
        active: true,
        value: 0.5,
      },
    ]);
    expect(driftObservations({ ...any, threshold: 0.5 }, version, rows)[0]?.active).toBe(false);
    expect(
      driftObservations({ ...any, target: { model: "ranker", feature: "age" } }, version, rows)[0]?.active,
    ).toBe(false);
    expect(driftObservations({ ...any, target: { model: "ranker", version: "v1" } }, version, rows)).toEqual(
      [],
    );
    expect(driftObservations(any, version, rows.slice(2))[0]?.active).toBeNull();
  });

  /** One day's AUC snapshot (100 labelled rows unless told) and a rule firing below 0.7. */
  const row = (day: number, value: number | null, count = 100): PerformanceSnapshotRow => ({
    metric: "auc",
    k: 0,
    value,
    count,
    details: null,
    windowStart: new Date(T0 + day * DAY),
    windowEnd: new Date(T0 + (day + 1) * DAY),
  });
  const below = {
    kind: "performance",
    target: { model: "ranker", metric: "auc", direction: "below" as const },
    threshold: 0.7,
  };

  it("performance compares the latest defined value with the threshold in the rule's direction", () => {
    expect(
      performanceObservations(below, version, [row(4, 0.8), row(5, 0.65), row(6, null)])[0],
    ).toMatchObject({
      active: true,
      value: 0.65,
    });
    expect(performanceObservations(below, version, [row(5, 0.75)])[0]?.active).toBe(false);
    const above = { ...below, target: { ...below.target, direction: "above" as const } };
    expect(performanceObservations(above, version, [row(5, 0.75)])[0]?.active).toBe(true);
    expect(performanceObservations(below, version, [row(6, null)])[0]?.active).toBeNull();
  });

  it("performance skips a window with too few rows to judge: today's first labels do not fire a rule", () => {
    const firstLabels = row(6, 0.4, MIN_JUDGED_ROWS - 1);
    expect(performanceObservations(below, version, [row(5, 0.8, 5000), firstLabels])[0]).toMatchObject({
      active: false,
      value: 0.8,
    });
    expect(performanceObservations(below, version, [firstLabels])[0]?.active).toBeNull();
    expect(performanceObservations(below, version, [row(6, 0.4, MIN_JUDGED_ROWS)])[0]?.active).toBe(true);
  });
});

describe("job conditions", () => {
  it("job_failure counts the failed runs in a row from the newest, default 3", () => {
    const rule = { kind: "job_failure", target: { job: "model-drift" }, threshold: null };
    expect(
      jobFailureObservations(rule, "model-drift", ["failed", "failed", "failed", "succeeded"])[0],
    ).toMatchObject({
      active: true,
      value: 3,
    });
    expect(
      jobFailureObservations(rule, "model-drift", ["failed", "succeeded", "failed", "failed"])[0],
    ).toMatchObject({
      active: false,
      value: 1,
    });
    expect(jobFailureObservations(rule, "experiment-results", ["failed"])).toEqual([]);
  });
});
