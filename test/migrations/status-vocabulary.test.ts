import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrationsFolder } from "#db/migrate";
import { createTestDatabase, drivers } from "#test/harness";
import type { ThrowawayDatabase } from "#test/throwaway-database";

/** The statements of the migration that renamed the stored "OK" status to "ok". */
const statements = readFileSync(path.join(migrationsFolder(), "0003_status_vocabulary.sql"), "utf8")
  .split("--> statement-breakpoint")
  .filter((s) => s.trim());

describe.each(drivers)("status vocabulary migration (%s)", (driver) => {
  let db: ThrowawayDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(driver);
  });
  afterAll(() => db.drop());

  it("turns stored drift and performance statuses 'OK' into 'ok' and leaves reason codes alone", async () => {
    const insertDrift = (feature: string, status: string) =>
      db.handle.db.execute(sql`
        insert into drift_snapshots (version_id, feature, kind, window_start, window_end, method, drifted,
          reference_count, current_count, status, details, computed_at)
        values (1, ${feature}, 'feature', '2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z', 'psi', false,
          10, 10, ${status}, ${JSON.stringify({ status })}::jsonb, now())`);
    await insertDrift("age", "OK");
    await insertDrift("plan", "NOT_ENOUGH_DATA");
    const insertPerformance = (metric: string, details: unknown) =>
      db.handle.db.execute(sql`
        insert into performance_snapshots (version_id, window_start, window_end, metric, value, count, details, computed_at)
        values (1, '2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z', ${metric}, null, 0,
          ${JSON.stringify(details)}::jsonb, now())`);
    await insertPerformance("auc", { status: "OK", positives: 3 });
    await insertPerformance("recall", { status: "NO_POSITIVES" });

    for (const statement of statements) await db.handle.db.execute(sql.raw(statement));

    const drift = await db.handle.rows<{ feature: string; status: string; details: unknown }>(
      sql`select feature, status, details from drift_snapshots order by feature`,
    );
    expect(drift).toEqual([
      { feature: "age", status: "ok", details: { status: "ok" } },
      { feature: "plan", status: "NOT_ENOUGH_DATA", details: { status: "NOT_ENOUGH_DATA" } },
    ]);
    const performance = await db.handle.rows<{ metric: string; details: unknown }>(
      sql`select metric, details from performance_snapshots order by metric`,
    );
    expect(performance).toEqual([
      { metric: "auc", details: { status: "ok", positives: 3 } },
      { metric: "recall", details: { status: "NO_POSITIVES" } },
    ]);
  });
});
