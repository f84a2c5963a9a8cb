import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drivers, startTestApp, type TestApp } from "#test/harness";

/** Every number the jobs sum is accepted within ±1e15 and refused beyond, naming the field. */
describe.each(drivers)("value ranges on %s", (driver) => {
  let app: TestApp;
  const ts = () => new Date(Date.now() - 60_000).toISOString();
  const post = (path: string, body: unknown) => app.api("POST", path, { key: app.ingestKey, body });
  const count = async (table: string) =>
    Number(
      (await app.db.handle.rows<{ n: number }>(sql`select count(*)::int as n from ${sql.raw(table)}`))[0]?.n,
    );
  const refused = (res: { status: number; body: { error: { code: string; details: unknown[] } } }) => {
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_FAILED");
    return res.body.error.details;
  };

  beforeAll(async () => {
    app = await startTestApp(driver);
    const body = { key: "price", name: "price", task: "regression" };
    expect((await app.api("POST", "/api/v1/models", { body })).status).toBe(201);
  });
  afterAll(() => app.stop());

  it("events: value within ±1e15 is stored; beyond it the batch is refused, naming each value", async () => {
    const ok = await post("/api/v1/events", {
      events: [
        { id: "max", unit: "u1", name: "purchase", value: 1e15, timestamp: ts() },
        { id: "min", unit: "u1", name: "purchase", value: -1e15, timestamp: ts() },
      ],
    });
    expect(ok.body).toEqual({ accepted: 2, duplicates: 0 });
    const details = refused(
      await post("/api/v1/events", {
        events: [
          { id: "a", unit: "u1", name: "purchase", value: 1e308, timestamp: ts() },
          { id: "b", unit: "u1", name: "purchase", value: 12, timestamp: ts() },
          { id: "c", unit: "u1", name: "purchase", value: -1.000001e15, timestamp: ts() },
        ],
      }),
    );
    expect(details).toEqual([
      { path: "events[0].value", message: "must be a number within ±1e15" },
      { path: "events[2].value", message: "must be a number within ±1e15" },
    ]);
    expect(await count("events")).toBe(2);
  });

  it("predictions: score and numeric features beyond ±1e15 are refused; labels likewise", async () => {
    const prediction = (id: string, extra: Record<string, unknown>) => ({
      id,
      model: "price",
      version: "v1",
      timestamp: ts(),
      score: 1,
      ...extra,
    });
    const details = refused(
      await post("/api/v1/predictions", {
        predictions: [
          prediction("p1", { score: 1e200 }),
          prediction("p2", { features: { area: 1e16, city: "x" } }),
          prediction("p3", { score: 1e15, features: { area: -1e15 } }),
        ],
      }),
    );
    expect(details).toEqual([
      { path: "predictions[0].score", message: "must be a number within ±1e15" },
      { path: "predictions[1].features.area", message: "must be a number within ±1e15" },
    ]);
    expect(await count("predictions")).toBe(0);
    const ok = await post("/api/v1/predictions", {
      predictions: [prediction("p3", { score: 1e15, features: { area: -1e15 } })],
    });
    expect(ok.body).toEqual({ accepted: 1, duplicates: 0 });
    const labels = refused(await post("/api/v1/labels", { labels: [{ predictionId: "p3", label: -1e16 }] }));
    expect(labels).toEqual([{ path: "labels[0].label", message: "must be a number within ±1e15" }]);
    expect(await count("labels")).toBe(0);
  });
});
