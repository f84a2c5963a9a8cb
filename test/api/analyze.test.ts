import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyze } from "#app/services/analyze";
import { analyzeRequestSchema } from "#lib/contracts/analyze";
import { drivers, startTestApp, type TestApp } from "#test/harness";

describe.each(drivers)("analyze API on %s", (driver) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(driver);
  });
  afterAll(() => app.stop());

  const body = {
    metricType: "proportion",
    variants: [
      { key: "control", n: 10_000, sum: 1_000 },
      { key: "treatment", n: 10_000, sum: 1_100 },
    ],
  };

  it("answers with the engine's numbers for any valid key", async () => {
    const res = await app.api("POST", "/api/v1/analyze", { key: app.ingestKey, body });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(JSON.parse(JSON.stringify(analyze(analyzeRequestSchema.parse(body)))));
    const treatment = res.body.variants[1];
    expect(treatment.relativeLift).toBeCloseTo(0.1, 12);
    expect(treatment.status).toBe("ok");
    expect(treatment.pValue).toBeGreaterThan(0);
    expect(treatment.pValue).toBeLessThan(0.05);
  });

  it("requires a key and rejects invalid input with field paths", async () => {
    expect((await app.api("POST", "/api/v1/analyze", { key: null, body })).status).toBe(401);
    const res = await app.api("POST", "/api/v1/analyze", {
      body: {
        metricType: "ratio",
        variants: [
          { key: "a", n: 10, sum: 3 },
          { key: "b", n: -1, sum: 2 },
        ],
      },
    });
    expect(res.status).toBe(400);
    const paths = res.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toContain("variants[1].n");
    expect(paths.some((p: string) => p.startsWith("variants[0].denominator"))).toBe(true);
  });
});
