import { and, asc, count, eq, max, min, sql } from "drizzle-orm";
import type { DbHandle } from "#db/client";
import { models, modelVersions, predictions } from "#db/schema";
import type { ModelTask } from "#lib/vocabulary";

export type ModelVersionRow = typeof modelVersions.$inferSelect;

/** A model version as the monitoring jobs see it. */
export interface MonitoredVersion {
  id: number;
  version: string;
  modelKey: string;
  task: ModelTask;
  /** As stored; the jobs validate it. */
  driftConfig: unknown;
  referenceFrom: Date | null;
  referenceTo: Date | null;
  firstPredictionAt: Date | null;
}

/**
 * Every version (of one model, if given), with its first prediction time (an index lookup each;
 * the join makes drizzle qualify the correlated subquery's columns).
 */
export async function monitoredVersions(handle: DbHandle, modelKey?: string): Promise<MonitoredVersion[]> {
  return handle.db
    .select({
      id: modelVersions.id,
      version: modelVersions.version,
      modelKey: models.key,
      task: models.task,
      driftConfig: models.driftConfig,
      referenceFrom: modelVersions.referenceFrom,
      referenceTo: modelVersions.referenceTo,
      firstPredictionAt:
        sql<Date | null>`(select min(${predictions.ts}) from ${predictions} where ${predictions.versionId} = ${modelVersions.id})`.mapWith(
          predictions.ts,
        ),
    })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(modelKey ? eq(models.key, modelKey) : undefined)
    .orderBy(asc(models.key), asc(modelVersions.id));
}

export interface VersionStats {
  versionId: number;
  predictions: number;
  firstPredictionAt: Date | null;
  lastPredictionAt: Date | null;
}

/** Prediction count and time range per version of a model (index scans of predictions). */
export async function versionStats(handle: DbHandle, modelId: number): Promise<Map<number, VersionStats>> {
  const rows = await handle.db
    .select({
      versionId: predictions.versionId,
      predictions: count(),
      firstPredictionAt: min(predictions.ts),
      lastPredictionAt: max(predictions.ts),
    })
    .from(predictions)
    .innerJoin(modelVersions, eq(modelVersions.id, predictions.versionId))
    .where(eq(modelVersions.modelId, modelId))
    .groupBy(predictions.versionId);
  return new Map(rows.map((r) => [r.versionId, r]));
}

/** A model's versions, oldest first. */
export async function listModelVersions(handle: DbHandle, modelId: number): Promise<ModelVersionRow[]> {
  return handle.db
    .select()
    .from(modelVersions)
    .where(eq(modelVersions.modelId, modelId))
    .orderBy(asc(modelVersions.createdAt), asc(modelVersions.id));
}

export async function findModelVersion(
  handle: DbHandle,
  modelId: number,
  version: string,
): Promise<ModelVersionRow | undefined> {
  const [row] = await handle.db
    .select()
    .from(modelVersions)
    .where(and(eq(modelVersions.modelId, modelId), eq(modelVersions.version, version)))
    .limit(1);
  return row;
}

/** Sets a version's reference window; undefined when the model has no such version. */
export async function updateReferenceWindow(
  handle: DbHandle,
  modelId: number,
  version: string,
  window: { from: Date; to: Date },
): Promise<ModelVersionRow | undefined> {
  const [row] = await handle.db
    .update(modelVersions)
    .set({ referenceFrom: window.from, referenceTo: window.to })
    .where(and(eq(modelVersions.modelId, modelId), eq(modelVersions.version, version)))
    .returning();
  return row;
}
