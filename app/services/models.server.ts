import { and, asc, eq, inArray } from "drizzle-orm";
import type { DbHandle } from "#db/client";
import { type VersionStats, versionStats } from "#db/queries/model-versions";
import { models, modelVersions } from "#db/schema";
import { referenceWindow } from "#app/stats/monitoring-windows";
import { conflict, notFound } from "#lib/errors";
import type {
  ModelCreate,
  ModelDetailView,
  ModelTask,
  ModelVersionView,
  ModelView,
} from "#lib/contracts/models";

type ModelRow = typeof models.$inferSelect;
type VersionRow = typeof modelVersions.$inferSelect;

export async function createModel(handle: DbHandle, input: ModelCreate, now: Date): Promise<ModelView> {
  const [row] = await handle.db
    .insert(models)
    .values({
      key: input.key,
      name: input.name,
      task: input.task,
      description: input.description ?? null,
      driftConfig: input.driftConfig ?? null,
      createdAt: now,
    })
    .onConflictDoNothing({ target: models.key })
    .returning();
  if (!row) {
    throw conflict(`A model with key "${input.key}" already exists`, [
      { path: "key", message: "already exists" },
    ]);
  }
  return toModelView(row);
}

export async function listModels(handle: DbHandle): Promise<ModelView[]> {
  const rows = await handle.db.select().from(models).orderBy(asc(models.key));
  return rows.map(toModelView);
}

export async function findModelRow(handle: DbHandle, key: string): Promise<ModelRow> {
  const [row] = await handle.db.select().from(models).where(eq(models.key, key)).limit(1);
  if (!row) throw notFound(`No model with key "${key}"`);
  return row;
}

/** The models named in an ingestion batch, by key (absent keys are unknown models). */
export async function modelsByKey(handle: DbHandle, keys: string[]): Promise<Map<string, ModelRow>> {
  const unique = [...new Set(keys)];
  if (unique.length === 0) return new Map();
  const rows = await handle.db.select().from(models).where(inArray(models.key, unique));
  return new Map(rows.map((r) => [r.key, r]));
}

/** A model with its versions, their effective reference windows and prediction counts. */
export async function getModel(handle: DbHandle, key: string): Promise<ModelDetailView> {
  const model = await findModelRow(handle, key);
  const versions = await handle.db
    .select()
    .from(modelVersions)
    .where(eq(modelVersions.modelId, model.id))
    .orderBy(asc(modelVersions.createdAt), asc(modelVersions.id));
  const stats = await versionStats(handle, model.id);
  return { ...toModelView(model), versions: versions.map((v) => toVersionView(v, stats.get(v.id))) };
}

export async function findVersionRow(
  handle: DbHandle,
  modelId: number,
  version: string,
): Promise<VersionRow | null> {
  const [row] = await handle.db
    .select()
    .from(modelVersions)
    .where(and(eq(modelVersions.modelId, modelId), eq(modelVersions.version, version)))
    .limit(1);
  return row ?? null;
}

/** Sets a version's reference window (the drift job compares every later day against it). */
export async function setReferenceWindow(
  handle: DbHandle,
  key: string,
  version: string,
  window: { from: Date; to: Date },
): Promise<ModelVersionView> {
  const model = await findModelRow(handle, key);
  const [row] = await handle.db
    .update(modelVersions)
    .set({ referenceFrom: window.from, referenceTo: window.to })
    .where(and(eq(modelVersions.modelId, model.id), eq(modelVersions.version, version)))
    .returning();
  if (!row) throw notFound(`Model "${key}" has no version "${version}"`);
  const stats = await versionStats(handle, model.id);
  return toVersionView(row, stats.get(row.id));
}

export function toModelView(row: ModelRow): ModelView {
  return {
    key: row.key,
    name: row.name,
    task: row.task as ModelTask,
    description: row.description,
    driftConfig: (row.driftConfig ?? null) as ModelView["driftConfig"],
    createdAt: row.createdAt.toISOString(),
  };
}

function toVersionView(row: VersionRow, stats: VersionStats | undefined): ModelVersionView {
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
