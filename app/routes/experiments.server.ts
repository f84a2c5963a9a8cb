/** The experiments list: filtered by status and text, newest first, a page at a time. */
import type { AppContext } from "#app/server/context.server";
import { listExperiments } from "#app/services/experiments.server";
import { listMetrics } from "#app/services/metrics.server";
import { sendDataExamples } from "#app/pages/send-data-examples";

export const PAGE_SIZE = 20;
const STATUSES = ["draft", "running", "stopped"] as const;
type Status = (typeof STATUSES)[number];

export function listFilters(url: URL) {
  const status = url.searchParams.get("status");
  const page = Number.parseInt(url.searchParams.get("page") ?? "1", 10);
  return {
    status: STATUSES.includes(status as Status) ? (status as Status) : null,
    q: (url.searchParams.get("q") ?? "").trim(),
    page: Number.isFinite(page) && page > 0 ? page : 1,
  };
}

export async function experimentsListPage(ctx: AppContext, url: URL) {
  const filters = listFilters(url);
  const [experiments, metrics] = await Promise.all([
    listExperiments(ctx.db, filters.status ?? undefined),
    listMetrics(ctx.db),
  ]);
  const names = new Map(metrics.map((m) => [m.key, m.name]));
  const needle = filters.q.toLowerCase();
  const matching = experiments
    .filter((e) => !needle || `${e.key} ${e.name} ${e.hypothesis ?? ""}`.toLowerCase().includes(needle))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const pages = Math.max(1, Math.ceil(matching.length / PAGE_SIZE));
  const current = Math.min(filters.page, pages);
  return {
    // With no experiment at all, the page teaches what to send instead of showing an empty table.
    examples: experiments.length === 0 && !filters.status ? sendDataExamples(url.origin, ctx.now()) : null,
    filters: { ...filters, page: current },
    total: matching.length,
    pages,
    experiments: matching.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE).map((e) => ({
      key: e.key,
      name: e.name,
      status: e.status,
      createdAt: e.createdAt,
      startedAt: e.startedAt,
      stoppedAt: e.stoppedAt,
      primaryMetric: names.get(e.metrics.primary) ?? e.metrics.primary,
      variants: e.variants.map((v) => v.name ?? v.key),
    })),
  };
}
