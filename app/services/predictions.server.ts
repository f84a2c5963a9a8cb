import type { DbHandle } from "#db/client";
import { modelsByKey } from "#db/queries/models";
import {
  type PredictionInput,
  insertPredictions,
  predictionTasks,
  upsertLabels,
} from "#db/queries/predictions";
import { retryOnConflict } from "#db/retry";
import { invalidInput, type ErrorDetail } from "#lib/errors";
import type { LabelsBatch, ModelTask, PredictionsBatch } from "#lib/contracts/models";

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

/**
 * POST /predictions: the whole batch is checked first (unknown models, task rules), then written
 * in one transaction. A re-sent id is a duplicate; within a batch the first occurrence wins.
 */
export async function ingestPredictions(handle: DbHandle, batch: PredictionsBatch, now: Date) {
  const found = await modelsByKey(
    handle,
    batch.predictions.map((p) => p.model),
  );
  const problems: ErrorDetail[] = [];
  const rows: PredictionInput[] = [];
  batch.predictions.forEach((p, i) => {
    const model = found.get(p.model);
    if (!model) {
      problems.push({ path: `predictions[${i}].model`, message: `unknown model "${p.model}"` });
      return;
    }
    const problem = predictionProblem(model.task, p);
    if (problem) problems.push({ path: `predictions[${i}].${problem.field}`, message: problem.message });
    rows.push({
      id: p.id,
      modelId: model.id,
      version: p.version,
      timestamp: p.timestamp,
      score: p.score,
      features: p.features ?? null,
      unit: p.unit ?? null,
      query: p.query ?? null,
      item: p.item ?? null,
      rank: p.rank ?? null,
    });
  });
  if (problems.length > 0) throw invalidInput("Batch refused: invalid predictions", problems);

  const accepted = await retryOnConflict(() => insertPredictions(handle, rows, now));
  return { accepted, duplicates: batch.predictions.length - accepted };
}

/**
 * POST /labels: every label must name a stored prediction and suit its model's task (0/1 for
 * binary classification, relevance ≥ 0 for ranking), else nothing is written. Labels are
 * upserted: a re-sent label replaces the earlier one, and within a batch the last one wins.
 */
export async function ingestLabels(handle: DbHandle, batch: LabelsBatch, now: Date) {
  const taskOf = await predictionTasks(
    handle,
    batch.labels.map((l) => l.predictionId),
  );
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
  const rows = [...latest.values()].map((l) => ({
    predictionId: l.predictionId,
    label: l.label,
    timestamp: l.timestamp ?? now,
  }));
  const accepted = await retryOnConflict(() => upsertLabels(handle, rows, now));
  return { accepted, updated: batch.labels.length - accepted };
}
