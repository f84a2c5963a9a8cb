import type { DbHandle } from "#db/client";
import {
  type ModelVersionRow,
  type VersionStats,
  listModelVersions,
  updateReferenceWindow,
  versionStats,
} from "#db/queries/model-versions";
import { type ModelRow, findModelByKey, insertModel, listModels as listModelRows } from "#db/queries/models";
import { referenceWindow } from "#app/stats/monitoring-windows";
import { conflict, notFound } from "#lib/errors";
import type { ModelCreate, ModelDetailView, ModelVersionView, ModelView } from "#lib/contracts/models";

export async function createModel(handle: DbHandle, input: ModelCreate, now: Date): Promise<ModelView> {
  const row = await insertModel(handle, {
    key: input.key,
    name: input.name,
    task: input.task,
    description: input.description ?? null,
    driftConfig: input.driftConfig ?? null,
    createdAt: now,
  });
  if (!row) {
    throw conflict(`A model with key "${input.key}" already exists`, [
      { path: "key", message: "already exists" },
    ]);
  }
  return toModelView(row);
}

export async function listModels(handle: DbHandle): Promise<ModelView[]> {
  return (await listModelRows(handle)).map(toModelView);
}

export async function findModelRow(handle: DbHandle, key: string): Promise<ModelRow> {
  const row = await findModelByKey(handle, key);
  if (!row) throw notFound(`No model with key "${key}"`);
  return row;
}

/** A model with its versions, their effective reference windows and prediction counts. */
export async function getModel(handle: DbHandle, key: string): Promise<ModelDetailView> {
  const model = await findModelRow(handle, key);
  const versions = await listModelVersions(handle, model.id);
  const stats = await versionStats(handle, model.id);
  return { ...toModelView(model), versions: versions.map((v) => toVersionView(v, stats.get(v.id))) };
}

/** Sets a version's reference window (the drift job compares every later day against it). */
export async function setReferenceWindow(
  handle: DbHandle,
  key: string,
  version: string,
  window: { from: Date; to: Date },
): Promise<ModelVersionView> {
  const model = await findModelRow(handle, key);
  const row = await updateReferenceWindow(handle, model.id, version, window);
  if (!row) throw notFound(`Model "${key}" has no version "${version}"`);
  const stats = await versionStats(handle, model.id);
  return toVersionView(row, stats.get(row.id));
}

export function toModelView(row: ModelRow): ModelView {
  return {
    key: row.key,
    name: row.name,
    task: row.task,
    description: row.description,
    driftConfig: row.driftConfig ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

function toVersionView(row: ModelVersionRow, stats: VersionStats | undefined): ModelVersionView {
  const firstPredictionAt = stats?.firstPredictionAt ?? null;
  const reference = referenceWindow({ ...row, firstPredictionAt });
  return {
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    predictions: stats?.predictions ?? 0,
    firstPredictionAt: firstPredictionAt?.toISOString() ?? null,
    lastPredictionAt: stats?.lastPredictionAt?.toISOString() ?? null,
    reference: reference
      ? { from: reference.start.toISOString(), to: reference.end.toISOString(), default: reference.isDefault }
      : null,
  };
}
