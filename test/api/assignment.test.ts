import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chooseVariant } from "#app/services/bucketing";
import { createStandardMetrics, experimentBody, runningExperiment } from "#test/fixtures";
import { drivers, startTestApp, type TestApp } from "#test/harness";

describe.each(drivers)("assignment API on %s", (driver) => {
  let app: TestApp;
  const ts = (offsetMinutes = 0) => new Date(Date.now() - 3600_000 + offsetMinutes * 60_000).toISOString();

  beforeAll(async () => {
    app = await startTestApp(driver);
    await createStandardMetrics(app);
    await runningExperiment(app, "exp-a");
    await runningExperiment(app, "exp-b");
    await app.api("POST", "/api/v1/experiments", { body: experimentBody("draft-exp") });
  });
  afterAll(() => app.stop());

  const storedAssignments = (key: string) =>
    app.db.handle.rows<{ unit: string; variant: string; assigned_at: string; source: string }>(sql`
      select a.unit, v.key as variant, a.assigned_at::text, a.source
      from assignments a join experiments e on e.id = a.experiment_id join variants v on v.id = a.variant_id
      where e.key = ${key} order by a.unit`);

  it("assigns deterministically, by the documented hash, and records it once", async () => {
    const experiment = (await app.api("GET", "/api/v1/experiments/exp-a")).body;
    const first = await app.api("GET", "/api/v1/assign?experiment=exp-a&unit=user-1", { key: app.ingestKey });
    expect(first.status).toBe(200);
    const expected = experiment.variants[chooseVariant(experiment.salt, "user-1", [0.5, 0.5])].key;
    expect(first.body).toEqual({ experiment: "exp-a", unit: "user-1", variant: expected });
    const again = await app.api("GET", "/api/v1/assign?experiment=exp-a&unit=user-1", { key: app.ingestKey });
    expect(again.body).toEqual(first.body);
    const rows = await storedAssignments("exp-a");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ unit: "user-1", variant: expected, source: "hash" });
  });

  it("salts per experiment: the same units split independently in two experiments", async () => {
    const pairs: string[] = [];
    for (let i = 0; i < 40; i++) {
      const a = await app.api("GET", `/api/v1/assign?experiment=exp-a&unit=u${i}`);
      const b = await app.api("GET", `/api/v1/assign?experiment=exp-b&unit=u${i}`);
      pairs.push(`${a.body.variant}/${b.body.variant}`);
    }
    // With one shared hash the pairs would be only control/control and treatment/treatment.
    expect(new Set(pairs).size).toBeGreaterThan(2);
  });

  it("refuses assignment for draft (409), unknown experiments (404) and bad queries (400)", async () => {
    expect((await app.api("GET", "/api/v1/assign?experiment=draft-exp&unit=u1")).status).toBe(409);
    expect((await app.api("GET", "/api/v1/assign?experiment=nope&unit=u1")).status).toBe(404);
    const bad = await app.api("GET", "/api/v1/assign?experiment=exp-a");
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe("unit");
  });

  it("records client assignments; the first wins, re-sends are duplicates, other variants are conflicts", async () => {
    const body = {
      assignments: [
        { experiment: "exp-a", unit: "c1", variant: "control", timestamp: ts(10) },
        { experiment: "exp-a", unit: "c2", variant: "treatment", timestamp: ts(10) },
        { experiment: "exp-a", unit: "c1", variant: "treatment", timestamp: ts(11) },
      ],
    };
    const res = await app.api("POST", "/api/v1/assignments", { key: app.ingestKey, body });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ accepted: 2, duplicates: 0, conflicts: 1 });

    const resend = await app.api("POST", "/api/v1/assignments", { body });
    expect(resend.body).toEqual({ accepted: 0, duplicates: 2, conflicts: 1 });

    const rows = await storedAssignments("exp-a");
    expect(rows.find((r) => r.unit === "c1")?.variant).toBe("control");
    const [conflicts] = await app.db.handle.rows<{ n: number }>(
      sql`select count(*)::int as n from assignment_conflicts`,
    );
    expect(conflicts?.n).toBe(1);
  });

  it("moves the exposure time back when the same assignment arrives with an earlier timestamp", async () => {
    await app.api("POST", "/api/v1/assignments", {
      body: {
        assignments: [
          { experiment: "exp-a", unit: "c3", variant: "control", timestamp: "2026-11-24T12:00:00Z" },
        ],
      },
    });
    const res = await app.api("POST", "/api/v1/assignments", {
      body: {
        assignments: [
          { experiment: "exp-a", unit: "c3", variant: "control", timestamp: "2026-11-24T08:00:00Z" },
        ],
      },
    });
    expect(res.body).toEqual({ accepted: 0, duplicates: 1, conflicts: 0 });
    const row = (await storedAssignments("exp-a")).find((r) => r.unit === "c3");
    expect(new Date(row?.assigned_at ?? "").toISOString()).toBe("2026-11-24T08:00:00.000Z");
  });

  it("keeps a hash assignment when a client later reports another variant", async () => {
    const assigned = await app.api("GET", "/api/v1/assign?experiment=exp-b&unit=h1");
    const other = assigned.body.variant === "control" ? "treatment" : "control";
    const res = await app.api("POST", "/api/v1/assignments", {
      body: { assignments: [{ experiment: "exp-b", unit: "h1", variant: other, timestamp: ts() }] },
    });
    expect(res.body.conflicts).toBe(1);
    expect((await app.api("GET", "/api/v1/assign?experiment=exp-b&unit=h1")).body.variant).toBe(
      assigned.body.variant,
    );
  });

  it("rejects a whole batch naming an unknown experiment or variant, writing nothing", async () => {
    const before = (await storedAssignments("exp-a")).length;
    const res = await app.api("POST", "/api/v1/assignments", {
      body: {
        assignments: [
          { experiment: "exp-a", unit: "new-1", variant: "control", timestamp: ts() },
          { experiment: "nope", unit: "new-2", variant: "control", timestamp: ts() },
          { experiment: "exp-a", unit: "new-3", variant: "purple", timestamp: ts() },
        ],
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([
      { path: "assignments[1].experiment", message: 'unknown experiment "nope"' },
      { path: "assignments[2].variant", message: 'experiment "exp-a" has no variant "purple"' },
    ]);
    expect((await storedAssignments("exp-a")).length).toBe(before);
  });

  it("refuses data for a draft or stopped experiment with 409, writing nothing", async () => {
    const res = await app.api("POST", "/api/v1/assignments", {
      body: {
        assignments: [
          { experiment: "exp-a", unit: "new-4", variant: "control", timestamp: ts() },
          { experiment: "draft-exp", unit: "new-5", variant: "control", timestamp: ts() },
        ],
      },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.details).toEqual([
      { path: "assignments[1].experiment", message: 'experiment "draft-exp" is draft' },
    ]);
    expect((await storedAssignments("exp-a")).some((r) => r.unit === "new-4")).toBe(false);

    await app.api("POST", "/api/v1/experiments/exp-b/stop");
    expect((await app.api("GET", "/api/v1/assign?experiment=exp-b&unit=late")).status).toBe(409);
  });

  it("validates every item and reports each invalid field", async () => {
    const res = await app.api("POST", "/api/v1/assignments", {
      body: {
        assignments: [
          { experiment: "exp-a", unit: "", variant: "control", timestamp: ts() },
          { experiment: "exp-a", unit: "x", variant: "control", timestamp: "yesterday" },
          { experiment: "exp-a", unit: "y", variant: "control" },
        ],
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual([
      "assignments[0].unit",
      "assignments[1].timestamp",
      "assignments[2].timestamp",
    ]);
  });
});
