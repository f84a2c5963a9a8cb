import { sql } from "drizzle-orm";
import type { DbHandle } from "#db/client";
import { resultRows } from "#db/queries/model-sql";
import { invalidInput, type ErrorDetail } from "#lib/errors";
import type { LabelsBatch, ModelTask, PredictionsBatch } from "#lib/contracts/models";
import { modelsByKey } from "./models.server";

/** Task-specific rules for a prediction; null when it is acceptable. */
function predictionProblem(
  task: ModelTask,
  p: PredictionsBatch["predictions"][number],
): { field: string; message: string } | null {
  if (task === "binary_classification" && (p.score < 0 || p.score > 1)) {
    return { field: "score", message: "must be a probability in [0, 1] for a binary_classification model" };
  }
  if (task === "ranking" && p.query === undefined) {
    return { field: "query", message: "is required for a ranking model" };
  }
  return null;
}

/** One prediction as the insert reads it from json_to_recordset (short keys keep the payload small). */
interface PredictionRow {
  i: number;
  id: string;
  m: number;
  v: string;
  t: string;
  s: number;
  f: Record<string, unknown> | null;
  u: string | null;
  q: string | null;
  it: string | null;
  r: number | null;
}

function toRow(p: PredictionsBatch["predictions"][number], i: number, modelId: number): PredictionRow {
  return {
    i,
    id: p.id,
    m: modelId,
    v: p.version,
    t: p.timestamp.toISOString(),
    s: p.score,
    f: p.features ?? null,
    u: p.unit ?? null,
    q: p.query ?? null,
    it: p.item ?? null,
    r: p.rank ?? null,
  };
}

/**
 * POST /predictions: the whole batch is checked first (unknown models, task rules); then one
 * transaction creates the versions seen for the first time and inserts the predictions with one
 * INSERT … SELECT FROM json_to_recordset (see ingestEvents for why). A re-sent id is a duplicate;
 * within a batch the first occurrence wins.
 */
export async function ingestPredictions(handle: DbHandle, batch: PredictionsBatch, now: Date) {
  const found = await modelsByKey(
    handle,
    batch.predictions.map((p) => p.model),
  );
  const problems: ErrorDetail[] = [];
  const rows: PredictionRow[] = [];
  batch.predictions.forEach((p, i) => {
    const model = found.get(p.model);
    if (!model) {
      problems.push({ path: `predictions[${i}].model`, message: `unknown model "${p.model}"` });
      return;
    }
    const problem = predictionProblem(model.task as ModelTask, p);
    if (problem) problems.push({ path: `predictions[${i}].${problem.field}`, message: problem.message });
    rows.push(toRow(p, i, model.id));
  });
  if (problems.length > 0) throw invalidInput("Batch refused: invalid predictions", problems);

  const versions = JSON.stringify([
    ...new Map(rows.map((r) => [`${r.m}\u0000${r.v}`, { m: r.m, v: r.v }])).values(),
  ]);
  const payload = JSON.stringify(rows);
  const accepted = await handle.db.transaction(async (tx) => {
    await tx.execute(sql`
      insert into model_versions (model_id, version, created_at)
      select m, v, ${now.toISOString()}::timestamptz from json_to_recordset(${versions}::json) as x(m int, v text)
      on conflict (model_id, version) do nothing`);
    // A new statement sees versions that a concurrent batch committed while this one waited on them.
    const inserted = await tx.execute(sql`
      with ins as (
        insert into predictions (id, version_id, ts, score, features, unit, query, item, rank)
        select x.id, mv.id, x.t, x.s, x.f, x.u, x.q, x.it, x.r
        from json_to_recordset(${payload}::json)
          as x(i int, id text, m int, v text, t timestamptz, s float8, f jsonb, u text, q text, it text, r int)
        join model_versions mv on mv.model_id = x.m and mv.version = x.v
        order by x.i
        on conflict (id) do nothing
        returning 1
      )
      select count(*)::int as n from ins`);
    return Number(resultRows<{ n: number }>(inserted)[0]?.n ?? 0);
  });
  return { accepted, duplicates: batch.predictions.length - accepted };
}

/**
 * POST /labels: every label must name a stored prediction and suit its model's task (0/1 for
 * binary classification, relevance ≥ 0 for ranking), else nothing is written. Labels are
 * upserted: a re-sent label replaces the earlier one, and within a batch the last one wins.
 */
export async function ingestLabels(handle: DbHandle, batch: LabelsBatch, now: Date) {
  const ids = JSON.stringify([...new Set(batch.labels.map((l) => l.predictionId))]);
  const known = await handle.rows<{ id: string; task: string }>(sql`
    select p.id, m.task
    from predictions p
    join model_versions v on v.id = p.version_id
    join models m on m.id = v.model_id
    where p.id in (select value from json_array_elements_text(${ids}::json))`);
  const taskOf = new Map(known.map((r) => [r.id, r.task as ModelTask]));
  const problems: ErrorDetail[] = [];
  batch.labels.forEach((l, i) => {
    const task = taskOf.get(l.predictionId);
    if (!task)
      problems.push({ path: `labels[${i}].predictionId`, message: `unknown prediction "${l.predictionId}"` });
    else if (task === "binary_classification" && l.label !== 0 && l.label !== 1) {
      problems.push({
        path: `labels[${i}].label`,
        message: "must be 0 or 1 for a binary_classification model",
      });
    } else if (task === "ranking" && l.label < 0) {
      problems.push({ path: `labels[${i}].label`, message: "must be a relevance ≥ 0 for a ranking model" });
    }
  });
  if (problems.length > 0) throw invalidInput("Batch refused: invalid labels", problems);

  const latest = new Map(batch.labels.map((l) => [l.predictionId, l]));
  const payload = JSON.stringify(
    [...latest.values()].map((l) => ({
      id: l.predictionId,
      l: l.label,
      t: (l.timestamp ?? now).toISOString(),
    })),
  );
  const [row] = await handle.rows<{ n: number }>(sql`
    with up as (
      insert into labels (prediction_id, label, ts, updated_at)
      select id, l, t, ${now.toISOString()}::timestamptz
      from json_to_recordset(${payload}::json) as x(id text, l float8, t timestamptz)
      on conflict (prediction_id) do update set label = excluded.label, ts = excluded.ts, updated_at = excluded.updated_at
      returning (xmax = 0) as inserted
    )
    select count(*) filter (where inserted)::int as n from up`);
  const accepted = Number(row?.n ?? 0);
  return { accepted, updated: batch.labels.length - accepted };
}
