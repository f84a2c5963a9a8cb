import { randomBytes } from "node:crypto";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Database, DbHandle } from "#db/client";
import { experimentMetrics, experiments, metrics, variants } from "#db/schema";
import { type ErrorDetail, invalidInput, conflict, notFound } from "#lib/errors";
import type { ExperimentCreate, ExperimentPatch, ExperimentView } from "#lib/contracts/experiments";
import { metricsByKey } from "./metrics.server";

type ExperimentRow = typeof experiments.$inferSelect;
type VariantRow = typeof variants.$inferSelect;
type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];
type MetricRefs = ExperimentCreate["metrics"];

export async function createExperiment(
  handle: DbHandle,
  input: ExperimentCreate,
  now: Date,
): Promise<ExperimentView> {
  const metricIds = await resolveMetrics(handle, input.metrics);
  const created = await handle.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(experiments)
      .values({
        key: input.key,
        name: input.name,
        hypothesis: input.hypothesis ?? null,
        unitType: input.unit,
        status: "draft",
        salt: randomBytes(12).toString("base64url"),
        settings: input.settings,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing({ target: experiments.key })
      .returning();
    if (!row) return null;
    await insertVariants(tx, row.id, input.variants);
    await insertMetricLinks(tx, row.id, input.metrics, metricIds);
    return row;
  });
  if (!created) {
    throw conflict(`An experiment with key "${input.key}" already exists`, [
      { path: "key", message: "already exists" },
    ]);
  }
  return getExperiment(handle, input.key);
}

export async function listExperiments(handle: DbHandle, status?: string): Promise<ExperimentView[]> {
  const rows = await handle.db
    .select()
    .from(experiments)
    .where(status ? eq(experiments.status, status) : undefined)
    .orderBy(asc(experiments.createdAt), asc(experiments.id));
  return assembleViews(handle, rows);
}

export async function getExperiment(handle: DbHandle, key: string): Promise<ExperimentView> {
  const row = await findExperimentRow(handle, key);
  const [view] = await assembleViews(handle, [row]);
  if (!view) throw notFound(`No experiment with key "${key}"`);
  return view;
}

export async function findExperimentRow(handle: DbHandle, key: string): Promise<ExperimentRow> {
  const [row] = await handle.db.select().from(experiments).where(eq(experiments.key, key)).limit(1);
  if (!row) throw notFound(`No experiment with key "${key}"`);
  return row;
}

/** Field changes allowed per status: arms and units are frozen once data may exist. */
const FROZEN_AFTER_START: Array<keyof ExperimentPatch> = ["variants", "unit"];

export async function patchExperiment(
  handle: DbHandle,
  key: string,
  patch: ExperimentPatch,
  now: Date,
): Promise<ExperimentView> {
  const row = await findExperimentRow(handle, key);
  if (row.status !== "draft") {
    const frozen = FROZEN_AFTER_START.filter((field) => patch[field] !== undefined);
    const current = await getExperiment(handle, key);
    if (patch.metrics && patch.metrics.primary !== current.metrics.primary) frozen.push("metrics");
    if (frozen.length > 0) {
      throw conflict(
        `Experiment "${key}" is ${row.status}: ${frozen.join(", ")} can only change while it is a draft`,
        frozen.map((field) => ({
          path: field === "metrics" ? "metrics.primary" : field,
          message: `cannot change while ${row.status}`,
        })),
      );
    }
  }
  const metricIds = patch.metrics ? await resolveMetrics(handle, patch.metrics) : null;
  await handle.db.transaction(async (tx) => {
    await tx
      .update(experiments)
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.hypothesis !== undefined ? { hypothesis: patch.hypothesis } : {}),
        ...(patch.unit !== undefined ? { unitType: patch.unit } : {}),
        ...(patch.settings ? { settings: { ...row.settings, ...patch.settings } } : {}),
        updatedAt: now,
      })
      .where(eq(experiments.id, row.id));
    if (patch.variants) {
      await tx.delete(variants).where(eq(variants.experimentId, row.id));
      await insertVariants(tx, row.id, patch.variants);
    }
    if (patch.metrics && metricIds) {
      await tx.delete(experimentMetrics).where(eq(experimentMetrics.experimentId, row.id));
      await insertMetricLinks(tx, row.id, patch.metrics, metricIds);
    }
  });
  return getExperiment(handle, key);
}

export async function startExperiment(handle: DbHandle, key: string, now: Date): Promise<ExperimentView> {
  return transition(handle, key, "draft", { status: "running", startedAt: now, updatedAt: now });
}

export async function stopExperiment(handle: DbHandle, key: string, now: Date): Promise<ExperimentView> {
  return transition(handle, key, "running", { status: "stopped", stoppedAt: now, updatedAt: now });
}

/** A status change as one conditional UPDATE, so two concurrent calls cannot both succeed. */
async function transition(
  handle: DbHandle,
  key: string,
  from: "draft" | "running",
  set: Partial<typeof experiments.$inferInsert>,
): Promise<ExperimentView> {
  const updated = await handle.db
    .update(experiments)
    .set(set)
    .where(and(eq(experiments.key, key), eq(experiments.status, from)))
    .returning({ id: experiments.id });
  if (updated.length === 0) {
    const row = await findExperimentRow(handle, key);
    const verb = from === "draft" ? "started" : "stopped";
    throw conflict(`Experiment "${key}" is ${row.status}; only a ${from} experiment can be ${verb}`);
  }
  return getExperiment(handle, key);
}

async function resolveMetrics(handle: DbHandle, refs: MetricRefs): Promise<Map<string, number>> {
  const keys = [refs.primary, ...refs.secondary, ...refs.guardrails];
  const found = await metricsByKey(handle, keys);
  const details: ErrorDetail[] = [];
  if (!found.has(refs.primary))
    details.push({ path: "metrics.primary", message: `unknown metric "${refs.primary}"` });
  for (const role of ["secondary", "guardrails"] as const) {
    refs[role].forEach((key, i) => {
      if (!found.has(key))
        details.push({ path: `metrics.${role}[${i}]`, message: `unknown metric "${key}"` });
    });
  }
  if (details.length > 0)
    throw invalidInput("Unknown metrics: create them with POST /api/v1/metrics first", details);
  return new Map([...found].map(([key, row]) => [key, row.id]));
}

async function insertVariants(tx: Tx, experimentId: number, list: ExperimentCreate["variants"]) {
  await tx.insert(variants).values(
    list.map((v, position) => ({
      experimentId,
      position,
      key: v.key,
      name: v.name ?? null,
      weight: v.weight,
      model: v.model ?? null,
      modelVersion: v.modelVersion ?? null,
    })),
  );
}

async function insertMetricLinks(tx: Tx, experimentId: number, refs: MetricRefs, ids: Map<string, number>) {
  const links = [
    { key: refs.primary, role: "primary" },
    ...refs.secondary.map((key) => ({ key, role: "secondary" })),
    ...refs.guardrails.map((key) => ({ key, role: "guardrail" })),
  ];
  await tx.insert(experimentMetrics).values(
    links.map((l, position) => ({
      experimentId,
      metricId: ids.get(l.key) as number,
      role: l.role,
      position,
    })),
  );
}

async function assembleViews(handle: DbHandle, rows: ExperimentRow[]): Promise<ExperimentView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const variantRows = await handle.db
    .select()
    .from(variants)
    .where(inArray(variants.experimentId, ids))
    .orderBy(asc(variants.position));
  const links = await handle.db
    .select({ experimentId: experimentMetrics.experimentId, role: experimentMetrics.role, key: metrics.key })
    .from(experimentMetrics)
    .innerJoin(metrics, eq(metrics.id, experimentMetrics.metricId))
    .where(inArray(experimentMetrics.experimentId, ids))
    .orderBy(asc(experimentMetrics.position));
  return rows.map((row) => {
    const mine = links.filter((l) => l.experimentId === row.id);
    return {
      key: row.key,
      name: row.name,
      hypothesis: row.hypothesis,
      unit: row.unitType,
      status: row.status as ExperimentView["status"],
      salt: row.salt,
      variants: variantRows.filter((v) => v.experimentId === row.id).map(toVariantView),
      metrics: {
        primary: mine.find((l) => l.role === "primary")?.key ?? "",
        secondary: mine.filter((l) => l.role === "secondary").map((l) => l.key),
        guardrails: mine.filter((l) => l.role === "guardrail").map((l) => l.key),
      },
      settings: row.settings,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      startedAt: row.startedAt?.toISOString() ?? null,
      stoppedAt: row.stoppedAt?.toISOString() ?? null,
    };
  });
}

function toVariantView(v: VariantRow) {
  return { key: v.key, name: v.name, weight: v.weight, model: v.model, modelVersion: v.modelVersion };
}
