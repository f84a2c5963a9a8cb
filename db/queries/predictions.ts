import { sql } from "drizzle-orm";
import type { DbHandle } from "#db/client";
import { timestamptz } from "#db/sql-helpers";
import type { ModelTask } from "#lib/vocabulary";

export interface PredictionInput {
  id: string;
  modelId: number;
  version: string;
  timestamp: Date;
  score: number;
  features: Record<string, unknown> | null;
  unit: string | null;
  query: string | null;
  item: string | null;
  rank: number | null;
}

/**
 * In one transaction, creates the versions seen for the first time and inserts the predictions
 * with one INSERT … SELECT FROM json_to_recordset (see insertEvents for why). A re-sent id is
 * skipped; within a batch the first occurrence wins. Returns how many predictions were new.
 * Both statements insert in key order, versions before predictions, so concurrent batches take
 * their locks in one order and cannot deadlock (see insertEvents).
 */
export async function insertPredictions(
  handle: DbHandle,
  predictions: readonly PredictionInput[],
  now: Date,
): Promise<number> {
  const versions = JSON.stringify([
    ...new Map(
      predictions.map((p) => [`${p.modelId}\u0000${p.version}`, { m: p.modelId, v: p.version }]),
    ).values(),
  ]);
  // Short keys keep the payload small.
  const payload = JSON.stringify(
    predictions.map((p, i) => ({
      i,
      id: p.id,
      m: p.modelId,
      v: p.version,
      t: p.timestamp.toISOString(),
      s: p.score,
      f: p.features,
      u: p.unit,
      q: p.query,
      it: p.item,
      r: p.rank,
    })),
  );
  return handle.transaction(async (tx) => {
    await tx.rows(sql`
      insert into model_versions (model_id, version, created_at)
      select m, v, ${timestamptz(now)} from json_to_recordset(${versions}::json) as x(m int, v text)
      order by m, v collate "C"
      on conflict (model_id, version) do nothing`);
    // A new statement sees versions that a concurrent batch committed while this one waited on them.
    const [row] = await tx.rows<{ n: number }>(sql`
      with ins as (
        insert into predictions (id, version_id, ts, score, features, unit, query, item, rank)
        select x.id, mv.id, x.t, x.s, x.f, x.u, x.q, x.it, x.r
        from json_to_recordset(${payload}::json)
          as x(i int, id text, m int, v text, t timestamptz, s float8, f jsonb, u text, q text, it text, r int)
        join model_versions mv on mv.model_id = x.m and mv.version = x.v
        order by x.id collate "C", x.i
        on conflict (id) do nothing
        returning 1
      )
      select count(*)::int as n from ins`);
    return Number(row?.n ?? 0);
  });
}

/**
 * Upserts labels (a re-sent label replaces the earlier one); returns how many were new. Rows are
 * written in key order so that concurrent batches lock them in one order (see insertEvents);
 * `labels` must name each prediction once.
 */
export async function upsertLabels(
  handle: DbHandle,
  labels: ReadonlyArray<{ predictionId: string; label: number; timestamp: Date }>,
  now: Date,
): Promise<number> {
  const payload = JSON.stringify(
    labels.map((l) => ({ id: l.predictionId, l: l.label, t: l.timestamp.toISOString() })),
  );
  const [row] = await handle.rows<{ n: number }>(sql`
    with up as (
      insert into labels (prediction_id, label, ts, updated_at)
      select id, l, t, ${timestamptz(now)}
      from json_to_recordset(${payload}::json) as x(id text, l float8, t timestamptz)
      order by id collate "C"
      on conflict (prediction_id) do update set label = excluded.label, ts = excluded.ts, updated_at = excluded.updated_at
      returning (xmax = 0) as inserted
    )
    select count(*) filter (where inserted)::int as n from up`);
  return Number(row?.n ?? 0);
}

/** The task of each stored prediction among `ids` (absent ids are unknown predictions). */
export async function predictionTasks(handle: DbHandle, ids: string[]): Promise<Map<string, ModelTask>> {
  const known = await handle.rows<{ id: string; task: ModelTask }>(sql`
    select p.id, m.task
    from predictions p
    join model_versions v on v.id = p.version_id
    join models m on m.id = v.model_id
    where p.id in (select value from json_array_elements_text(${JSON.stringify([...new Set(ids)])}::json))`);
  return new Map(known.map((r) => [r.id, r.task]));
}
