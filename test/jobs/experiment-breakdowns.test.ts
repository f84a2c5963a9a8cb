import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { armSumsFromValues, compareVariants, mulberry32 } from "#app/stats/experiment";
import { experimentResultsJob } from "#jobs/experiment-results";
import { silentLogger } from "#lib/log";
import { drivers, startTestApp, type TestApp } from "#test/harness";

const HOUR = 3600_000;
const T0 = new Date("2026-11-10T06:00:00Z");
const AS_OF = new Date("2026-11-12T12:00:00Z");

interface Unit {
  unit: string;
  variant: "control" | "treatment";
  country: string | null;
  platform: string | null;
  revenue: number;
  applied: boolean;
}

/**
 * 25 countries with 25, 24, … 1 units each (c00 … c24) and 40 units sent without attributes: the
 * top 20 cells are "not set" and c00 … c18, and c19 … c24 (21 units) are summed as other. The
 * treatment lifts revenue on ios only.
 */
function generate(): Unit[] {
  const rand = mulberry32(6);
  const units: Unit[] = [];
  const add = (country: string | null, platform: string | null) => {
    const variant = rand() < 0.5 ? "control" : "treatment";
    const lift = variant === "treatment" && platform === "ios" ? 2 : 1;
    units.push({
      unit: `u-${units.length}`,
      variant,
      country,
      platform,
      revenue: rand() < 0.6 ? Math.round(rand() * 30 * lift) : 0,
      applied: rand() < 0.3,
    });
  };
  for (let k = 0; k < 25; k++) {
    for (let j = 0; j < 25 - k; j++) add(`c${String(k).padStart(2, "0")}`, rand() < 0.5 ? "ios" : "android");
  }
  for (let j = 0; j < 40; j++) add(null, null);
  return units;
}

describe.each(drivers)("dimension breakdowns through the results job on %s", (driver) => {
  let app: TestApp;
  const units = generate();

  beforeAll(async () => {
    app = await startTestApp(driver);
    app.now.value = T0;
    for (const body of [
      { key: "revenue", name: "Revenue", type: "mean", event: "purchase" },
      { key: "applied", name: "Applied", type: "proportion", event: "apply" },
    ]) {
      expect((await app.api("POST", "/api/v1/metrics", { body })).status).toBe(201);
    }
    const experiment = {
      key: "dims",
      name: "Dims",
      variants: [
        { key: "control", weight: 0.5 },
        { key: "treatment", weight: 0.5 },
      ],
      metrics: { primary: "revenue", secondary: ["applied"] },
      settings: { dimensions: ["country", "platform"] },
    };
    expect((await app.api("POST", "/api/v1/experiments", { body: experiment })).status).toBe(201);
    expect((await app.api("POST", "/api/v1/experiments/dims/start")).status).toBe(200);
    const at = (i: number, after = 0) => new Date(T0.getTime() + ((i % 30) + after) * HOUR).toISOString();
    const assignments = units.map((u, i) => ({
      experiment: "dims",
      unit: u.unit,
      variant: u.variant,
      timestamp: at(i),
      ...(u.country && u.platform ? { attributes: { country: u.country, platform: u.platform } } : {}),
    }));
    expect((await app.api("POST", "/api/v1/assignments", { body: { assignments } })).status).toBe(200);
    const events = units.flatMap((u, i) => [
      ...(u.revenue > 0
        ? [{ id: `r${i}`, unit: u.unit, name: "purchase", value: u.revenue, timestamp: at(i, 1) }]
        : []),
      ...(u.applied ? [{ id: `a${i}`, unit: u.unit, name: "apply", timestamp: at(i, 2) }] : []),
    ]);
    expect((await app.api("POST", "/api/v1/events", { body: { events } })).status).toBe(200);
    const run = await experimentResultsJob.run({ db: app.db.handle, now: AS_OF, log: silentLogger });
    expect(run).toMatchObject({ itemsOk: 1, itemsFailed: 0 });
  });
  afterAll(() => app.stop());

  const results = async () => (await app.api("GET", "/api/v1/experiments/dims/results")).body;

  it("keeps the top 20 values by units as cells and sums the rest as other", async () => {
    const country = (await results()).breakdowns.find(
      (b: { dimension: string }) => b.dimension === "country",
    );
    const cells = country.values.map((v: { kind: string; value: string | null }) =>
      v.kind === "value" ? v.value : v.kind,
    );
    expect(cells).toEqual([
      "unset",
      ...Array.from({ length: 19 }, (_, k) => `c${String(k).padStart(2, "0")}`),
      "other",
    ]);
    const total = (v: { units: Record<string, number> }) => (v.units.control ?? 0) + (v.units.treatment ?? 0);
    expect(country.values.map(total)).toEqual([40, ...Array.from({ length: 19 }, (_, k) => 25 - k), 21]);
    expect(country.comparisons).toBe(21 * 2);
    expect(country.expectedFalsePositives).toBeCloseTo(0.05 * 42, 12);
    expect(country.note).toMatch(/exploratory/i);
  });

  it("computes each cell's sums and comparison as the engine does on that cell's raw rows", async () => {
    const platform = (await results()).breakdowns.find(
      (b: { dimension: string }) => b.dimension === "platform",
    );
    for (const cell of platform.values) {
      const mine = units.filter((u) =>
        cell.kind === "unset" ? u.platform === null : u.platform === cell.value,
      );
      const arm = (variant: string, metric: "revenue" | "applied") =>
        armSumsFromValues(
          mine
            .filter((u) => u.variant === variant)
            .map((u) => (metric === "revenue" ? u.revenue : Number(u.applied))),
        );
      for (const [i, metric] of (["revenue", "applied"] as const).entries()) {
        const result = cell.metrics[i];
        expect(result.metric).toBe(metric);
        expect(result.variants[0].sums).toEqual(arm("control", metric));
        expect(result.variants[1].sums).toEqual(arm("treatment", metric));
        const expected = compareVariants(arm("control", metric), arm("treatment", metric), {
          metricType: metric === "revenue" ? "mean" : "proportion",
          engine: "frequentist",
          alpha: 0.05,
        });
        expect(result.variants[1].relativeLift).toBeCloseTo(expected.relativeLift ?? Number.NaN, 12);
        expect(result.variants[1].pValue).toBeCloseTo(expected.pValue ?? Number.NaN, 12);
      }
    }
    expect(platform.values.map((v: { value: string | null }) => v.value).sort()).toEqual(
      ["android", "ios", null].sort(),
    );
  });

  it("adds the cells up to the experiment's sums", async () => {
    const doc = await results();
    for (const breakdown of doc.breakdowns) {
      for (const [i, metric] of doc.metrics.entries()) {
        for (const [j, variant] of metric.variants.entries()) {
          const total = breakdown.values.reduce(
            (acc: number, v: { metrics: Array<{ variants: Array<{ sums: { sum: number } }> }> }) =>
              acc + (v.metrics[i]?.variants[j]?.sums.sum ?? 0),
            0,
          );
          expect(total, `${breakdown.dimension} ${metric.metric} ${variant.variant}`).toBeCloseTo(
            variant.sums.sum,
            9,
          );
        }
      }
    }
  });

  it("leaves breakdowns out of history points", async () => {
    const history = await app.api("GET", "/api/v1/experiments/dims/results/history");
    const midnight = history.body.points.find((p: { asOf: string }) => p.asOf.endsWith("T00:00:00.000Z"));
    expect(midnight).toBeDefined();
    expect(midnight.breakdowns).toBeUndefined();
  });

  it("records attributes sent to GET /assign as name[key]=value", async () => {
    app.now.value = new Date(AS_OF.getTime() - HOUR);
    const res = await app.api(
      "GET",
      "/api/v1/assign?experiment=dims&unit=web-1&attributes[platform]=web&attributes[country]=FR",
    );
    expect(res.status).toBe(200);
    const [row] = await app.db.handle.rows<{ attributes: Record<string, string> }>(
      sql`select attributes from assignments where unit = 'web-1'`,
    );
    expect(row?.attributes).toEqual({ platform: "web", country: "FR" });
  });

  it.each([
    [
      { a: "1", b: "2", c: "3", d: "4", e: "5", f: "6", g: "7", h: "8", i: "9", j: "10", k: "11" },
      "assignments[0].attributes",
      "at most 10",
    ],
    [{ Country: "FR" }, "assignments[0].attributes.Country", "must match"],
    [{ country: "x".repeat(65) }, "assignments[0].attributes.country", ""],
    [{ country: 3 }, "assignments[0].attributes.country", ""],
    [{ country: "" }, "assignments[0].attributes.country", ""],
  ])(
    "refuses attributes %j with a 400 naming the field, writing nothing",
    async (attributes, path, reason) => {
      const body = {
        assignments: [
          { experiment: "dims", unit: "bad-1", variant: "control", timestamp: T0.toISOString(), attributes },
        ],
      };
      const res = await app.api("POST", "/api/v1/assignments", { body });
      expect(res.status).toBe(400);
      const detail = res.body.error.details.find((d: { path: string }) => d.path === path);
      expect(detail?.message ?? "", JSON.stringify(res.body.error.details)).toContain(reason);
    },
  );

  it.each([
    [["Country"], "settings.dimensions[0]"],
    [["a", "b", "c", "d", "e", "f"], "settings.dimensions"],
    [["country", "country"], "settings.dimensions"],
  ])("refuses dimensions %j with a 400 at %s", async (dimensions, path) => {
    const res = await app.api("PATCH", "/api/v1/experiments/dims", { body: { settings: { dimensions } } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
  });
});
