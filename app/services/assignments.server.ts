import type { DbHandle } from "#db/client";
import {
  type ClientAssignment,
  recordClientAssignments,
  recordHashAssignment,
} from "#db/queries/assignments";
import { loadExperimentsWithArmsByKey } from "#db/queries/experiments";
import { retryOnConflict } from "#db/retry";
import { type ErrorDetail, AppError, invalidInput, conflict, notFound } from "#lib/errors";
import type { AssignmentsBatch } from "#lib/contracts/ingest";
import { chooseVariant } from "./bucketing";

/**
 * GET /assign: the deterministic variant for a unit, recorded on first sight. If the unit was
 * already recorded (say, by a client that assigns itself), that first assignment wins.
 */
export async function assignUnit(
  handle: DbHandle,
  experimentKey: string,
  unit: string,
  now: Date,
  attributes?: Record<string, string>,
) {
  const found = (await loadExperimentsWithArmsByKey(handle, [experimentKey])).get(experimentKey);
  if (!found) throw notFound(`No experiment with key "${experimentKey}"`);
  const { experiment, variants } = found;
  if (experiment.status !== "running") {
    throw conflict(
      `Experiment "${experimentKey}" is ${experiment.status}; assignments are accepted only while it runs`,
    );
  }
  const chosen =
    variants[
      chooseVariant(
        experiment.salt,
        unit,
        variants.map((v) => v.weight),
      )
    ];
  if (!chosen) throw new AppError("INTERNAL", `Experiment "${experimentKey}" has no variants`);
  const held = await recordHashAssignment(handle, {
    experimentId: experiment.id,
    unit,
    variantId: chosen.id,
    at: now,
    attributes: attributes ?? null,
  });
  const variant = variants.find((v) => v.id === held) ?? chosen;
  return { experiment: experimentKey, unit, variant: variant.key };
}

/**
 * POST /assignments: the whole batch is checked before anything is written; then, in one
 * transaction, new units are recorded, re-sends are counted as duplicates (an earlier timestamp
 * moves the exposure time back), and a unit reported in a different variant is kept as a conflict.
 */
export async function ingestAssignments(handle: DbHandle, batch: AssignmentsBatch) {
  const found = await loadExperimentsWithArmsByKey(
    handle,
    batch.assignments.map((a) => a.experiment),
  );
  const notFoundDetails: ErrorDetail[] = [];
  const notRunning: ErrorDetail[] = [];
  const rows: ClientAssignment[] = [];
  batch.assignments.forEach((a, i) => {
    const loaded = found.get(a.experiment);
    if (!loaded) {
      notFoundDetails.push({
        path: `assignments[${i}].experiment`,
        message: `unknown experiment "${a.experiment}"`,
      });
      return;
    }
    const variant = loaded.variants.find((v) => v.key === a.variant);
    if (!variant) {
      notFoundDetails.push({
        path: `assignments[${i}].variant`,
        message: `experiment "${a.experiment}" has no variant "${a.variant}"`,
      });
      return;
    }
    if (loaded.experiment.status !== "running") {
      notRunning.push({
        path: `assignments[${i}].experiment`,
        message: `experiment "${a.experiment}" is ${loaded.experiment.status}`,
      });
      return;
    }
    rows.push({
      experimentId: loaded.experiment.id,
      unit: a.unit,
      variantId: variant.id,
      at: a.timestamp,
      attributes: a.attributes ?? null,
    });
  });
  if (notFoundDetails.length > 0)
    throw invalidInput("Batch refused: unknown experiments or variants", notFoundDetails);
  if (notRunning.length > 0) {
    throw conflict("Batch refused: assignments are accepted only for running experiments", notRunning);
  }
  const { accepted, conflicts } = await retryOnConflict(() => recordClientAssignments(handle, rows));
  return { accepted, duplicates: batch.assignments.length - accepted - conflicts, conflicts };
}
