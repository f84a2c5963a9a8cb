import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertMetric, listMetrics, metricsByKey } from "#db/queries/metrics";
import { createTestDatabase, drivers } from "#test/harness";
import type { ThrowawayDatabase } from "#test/throwaway-database";

const metric = (key: string) => ({ key, name: key, type: "mean" as const, event: key });
const PROBE = sql`select 1::int as one, 'a'::text as word, 2::bigint as big, now() as at, array[1.5]::float8[] as xs`;

describe.each(drivers)("DbHandle.transaction on %s", (driver) => {
  let database: ThrowawayDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(driver);
  });
  afterAll(() => database.drop());

  it("returns raw rows in the same shape inside a transaction as outside", async () => {
    const outside = await database.handle.rows(PROBE);
    const inside = await database.handle.transaction((tx) => tx.rows(PROBE));
    expect(Array.isArray(inside)).toBe(true);
    expect(inside).toHaveLength(1);
    expect(Object.keys(inside[0] ?? {})).toEqual(["one", "word", "big", "at", "xs"]);
    expect({ ...inside[0], at: null }).toEqual({ ...outside[0], at: null });
    expect(typeof inside[0]?.at).toBe(typeof outside[0]?.at);
  });

  it("commits what the verbs write on the transaction handle", async () => {
    const written = await database.handle.transaction(async (tx) => {
      await insertMetric(tx, metric("committed"));
      // The transaction sees its own writes.
      return (await metricsByKey(tx, ["committed"])).has("committed");
    });
    expect(written).toBe(true);
    expect((await metricsByKey(database.handle, ["committed"])).has("committed")).toBe(true);
  });

  it("rolls everything back when the function throws, and rethrows", async () => {
    const attempt = database.handle.transaction(async (tx) => {
      await insertMetric(tx, metric("rolled-back"));
      await tx.rows(
        sql`insert into metrics (key, name, type, event) values ('raw-rolled-back', 'x', 'mean', 'x')`,
      );
      throw new Error("boom");
    });
    await expect(attempt).rejects.toThrow("boom");
    const keys = (await listMetrics(database.handle)).map((m) => m.key);
    expect(keys).not.toContain("rolled-back");
    expect(keys).not.toContain("raw-rolled-back");
  });

  it("runs a nested transaction as a savepoint: its throw undoes only its own writes", async () => {
    await database.handle.transaction(async (tx) => {
      await insertMetric(tx, metric("outer"));
      await expect(
        tx.transaction(async (inner) => {
          await insertMetric(inner, metric("inner"));
          throw new Error("inner failed");
        }),
      ).rejects.toThrow("inner failed");
    });
    const found = await metricsByKey(database.handle, ["outer", "inner"]);
    expect([...found.keys()]).toEqual(["outer"]);
  });
});
