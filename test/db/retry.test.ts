import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "#db/client";
import { isRetryableConflict, retryOnConflict, sqlStateOf } from "#db/retry";
import { createTestDatabase } from "#test/harness";
import type { ThrowawayDatabase } from "#test/throwaway-database";

/** An error shaped like drizzle's wrapper around a driver error with a SQLSTATE. */
const wrapped = (code: string) =>
  new Error("Failed query: …", { cause: Object.assign(new Error("x"), { code }) });

describe("retryOnConflict", () => {
  it("reads the SQLSTATE under drizzle's wrapper", () => {
    expect(sqlStateOf(wrapped("40P01"))).toBe("40P01");
    expect(sqlStateOf(new Error("no code"))).toBeUndefined();
    expect(isRetryableConflict(wrapped("40001"))).toBe(true);
    expect(isRetryableConflict(wrapped("23505"))).toBe(false);
  });

  it("runs the work again after a deadlock and returns its result", async () => {
    let calls = 0;
    const result = await retryOnConflict(
      async () => {
        calls++;
        if (calls < 3) throw wrapped("40P01");
        return "done";
      },
      { baseDelayMs: 1 },
    );
    expect([result, calls]).toEqual(["done", 3]);
  });

  it("rethrows any other error at once, and a conflict after the last attempt", async () => {
    let calls = 0;
    const unique = wrapped("23505");
    await expect(
      retryOnConflict(async () => {
        calls++;
        throw unique;
      }),
    ).rejects.toBe(unique);
    expect(calls).toBe(1);
    calls = 0;
    await expect(
      retryOnConflict(
        async () => {
          calls++;
          throw wrapped("40P01");
        },
        { attempts: 4, baseDelayMs: 1 },
      ),
    ).rejects.toThrow("Failed query");
    expect(calls).toBe(4);
  });
});

describe.runIf(process.env.DATABASE_URL)("retryOnConflict on PostgreSQL", () => {
  let db: ThrowawayDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("postgres");
    await db.handle.rows(sql`create table locks (id int primary key, n int not null default 0)`);
    await db.handle.rows(sql`insert into locks (id) values (1), (2)`);
  });
  afterAll(() => db.drop());

  /** Updates `first` then, once the other transaction holds its first row too, `second`. */
  const crosswise = (handle: DbHandle, first: number, second: number, afterFirst: () => Promise<void>) =>
    handle.transaction(async (tx) => {
      await tx.rows(sql`update locks set n = n + 1 where id = ${first}`);
      await afterFirst();
      await tx.rows(sql`update locks set n = n + 1 where id = ${second}`);
    });

  it("a real deadlock: PostgreSQL aborts one transaction, which runs again and both commit", async () => {
    let attempts = 0;
    let arrived = 0;
    let release: () => void = () => {};
    const bothHoldOne = new Promise<void>((resolve) => {
      release = resolve;
    });
    const holdOne = () => {
      if (++arrived === 2) release();
      return bothHoldOne;
    };
    const run = (first: number, second: number) =>
      retryOnConflict(() => {
        attempts++;
        // A retry does not wait for the other transaction: that one has the locks it needs now.
        return crosswise(db.handle, first, second, attempts > 2 ? async () => {} : holdOne);
      });
    await Promise.all([run(1, 2), run(2, 1)]);
    expect(attempts).toBe(3);
    const rows = await db.handle.rows<{ n: number }>(sql`select n from locks order by id`);
    expect(rows.map((r) => Number(r.n))).toEqual([2, 2]);
  });
});
