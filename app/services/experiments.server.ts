import { randomBytes } from "node:crypto";
import type { DbHandle } from "#db/client";
import {
  type ExperimentRow,
  type ExperimentWithArms,
  changeExperimentStatus,
  findExperimentByKey,
  insertExperiment,
  listExperimentsWithArms,
  loadExperimentWithArms,
  replaceMetricLinks,
  replaceVariants,
  updateExperiment,
} from "#db/queries/experiments";
import { metricsByKey } from "#db/queries/metrics";
import { type ErrorDetail, invalidInput, conflict, notFound } from "#lib/errors";
import type { ExperimentCreate, ExperimentPatch, ExperimentView } from "#lib/contracts/experiments";
import type { ExperimentStatus, MetricRole } from "#lib/vocabulary";

type MetricRefs = ExperimentCreate["metrics"];

export async function createExperiment(
  handle: DbHandle,
  input: ExperimentCreate,
  now: Date,
): Promise<ExperimentView> {
  const metricIds = await resolveMetrics(handle, input.metrics);
  const created = await handle.transaction(async (tx) => {
    const row = await insertExperiment(tx, {
      key: input.key,
      name: input.name,
      hypothesis: input.hypothesis ?? null,
      unitType: input.unit,
      status: "draft",
      salt: randomBytes(12).toString("base64url"),
      settings: input.settings,
      createdAt: now,
      updatedAt: now,
    });
    if (!row) return null;
    await replaceVariants(tx, row.id, variantValues(input.variants));
    await replaceMetricLinks(tx, row.id, metricLinks(input.metrics, metricIds));
    return row;
  });
  if (!created) {
    throw conflict(`An experiment with key "${input.key}" already exists`, [
      { path: "key", message: "already exists" },
    ]);
  }
  return getExperiment(handle, input.key);
}

export async function listExperiments(
  handle: DbHandle,
  status?: ExperimentStatus,
): Promise<ExperimentView[]> {
  return (await listExperimentsWithArms(handle, status)).map(toExperimentView);
}

export async function getExperiment(handle: DbHandle, key: string): Promise<ExperimentView> {
  const loaded = await loadExperimentWithArms(handle, key);
  if (!loaded) throw notFound(`No experiment with key "${key}"`);
  return toExperimentView(loaded);
}

export async function findExperimentRow(handle: DbHandle, key: string): Promise<ExperimentRow> {
  const row = await findExperimentByKey(handle, key);
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
  await handle.transaction(async (tx) => {
    await updateExperiment(tx, row.id, {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.hypothesis !== undefined ? { hypothesis: patch.hypothesis } : {}),
      ...(patch.unit !== undefined ? { unitType: patch.unit } : {}),
      ...(patch.settings ? { settings: { ...row.settings, ...patch.settings } } : {}),
      updatedAt: now,
    });
    if (patch.variants) await replaceVariants(tx, row.id, variantValues(patch.variants));
    if (patch.metrics && metricIds)
      await replaceMetricLinks(tx, row.id, metricLinks(patch.metrics, metricIds));
  });
  return getExperiment(handle, key);
}

export async function startExperiment(handle: DbHandle, key: string, now: Date): Promise<ExperimentView> {
  return transition(handle, key, "draft", { status: "running", startedAt: now, updatedAt: now });
}

export async function stopExperiment(handle: DbHandle, key: string, now: Date): Promise<ExperimentView> {
  return transition(handle, key, "running", { status: "stopped", stoppedAt: now, updatedAt: now });
}

async function transition(
  handle: DbHandle,
  key: string,
  from: "draft" | "running",
  set: Parameters<typeof changeExperimentStatus>[3],
): Promise<ExperimentView> {
  if (!(await changeExperimentStatus(handle, key, from, set))) {
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

function variantValues(list: ExperimentCreate["variants"]) {
  return list.map((v) => ({
    key: v.key,
    name: v.name ?? null,
    weight: v.weight,
    model: v.model ?? null,
    modelVersion: v.modelVersion ?? null,
  }));
}

/** Every key was resolved by resolveMetrics, which refuses unknown ones. */
function metricLinks(
  refs: MetricRefs,
  ids: Map<string, number>,
): Array<{ metricId: number; role: MetricRole }> {
  const links: Array<{ key: string; role: MetricRole }> = [
    { key: refs.primary, role: "primary" },
    ...refs.secondary.map((key) => ({ key, role: "secondary" as const })),
    ...refs.guardrails.map((key) => ({ key, role: "guardrail" as const })),
  ];
  return links.flatMap((l) => {
    const metricId = ids.get(l.key);
    return metricId === undefined ? [] : [{ metricId, role: l.role }];
  });
}

function toExperimentView({ experiment: row, variants, metrics }: ExperimentWithArms): ExperimentView {
  const keysOf = (role: MetricRole) => metrics.filter((l) => l.role === role).map((l) => l.metric.key);
  return {
    key: row.key,
    name: row.name,
    hypothesis: row.hypothesis,
    unit: row.unitType,
    status: row.status,
    salt: row.salt,
    variants: variants.map((v) => ({
      key: v.key,
      name: v.name,
      weight: v.weight,
      model: v.model,
      modelVersion: v.modelVersion,
    })),
    metrics: {
      primary: keysOf("primary")[0] ?? "",
      secondary: keysOf("secondary"),
      guardrails: keysOf("guardrail"),
    },
    settings: row.settings,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    stoppedAt: row.stoppedAt?.toISOString() ?? null,
  };
}
