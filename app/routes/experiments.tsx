import { Form, Link } from "react-router";
import { usePermissions } from "#app/auth/use-permission";
import { SendDataHelp } from "#app/components/send-data-help";
import { StatusPill } from "#app/components/status-pill";
import { page } from "#app/pages/page.server";
import { formatDay } from "#app/ui/format";
import { TableHead } from "#app/components/table-head";
import type { Route } from "./+types/experiments";
import { experimentsListPage } from "./experiments.server";

export const loader = page("experiments", ({ url }: Route.LoaderArgs, ctx) => experimentsListPage(ctx, url));

export const meta: Route.MetaFunction = () => [{ title: "Experiments · Northstar" }];

function pageLink(filters: { status: string | null; q: string }, page: number) {
  const params = new URLSearchParams();
  if (filters.status) params.set("status", filters.status);
  if (filters.q) params.set("q", filters.q);
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return query ? `?${query}` : ".";
}

export default function Experiments({ loaderData }: Route.ComponentProps) {
  const { filters, experiments, total, pages, examples } = loaderData;
  const mayCreate = usePermissions().mayRead("experiment-new");
  return (
    <>
      <div className="flex items-center justify-between">
        <h1>Experiments</h1>
        {mayCreate && (
          <Link
            to="/experiments/new"
            className="rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-white no-underline hover:no-underline"
          >
            New experiment
          </Link>
        )}
      </div>
      <Form
        method="get"
        className="mt-4 flex flex-wrap items-end gap-3 text-sm"
        aria-label="Filter experiments"
      >
        <label className="flex flex-col gap-1">
          <span className="text-slate-600">Status</span>
          <select
            name="status"
            defaultValue={filters.status ?? ""}
            className="rounded-md border border-slate-300 bg-white px-2 py-1.5"
          >
            <option value="">Any</option>
            <option value="running">Running</option>
            <option value="draft">Draft</option>
            <option value="stopped">Stopped</option>
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-slate-600">Search</span>
          <input
            type="search"
            name="q"
            defaultValue={filters.q}
            placeholder="key, name or hypothesis"
            className="w-64 rounded-md border border-slate-300 bg-white px-2 py-1.5"
          />
        </label>
        <button
          type="submit"
          className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50"
        >
          Filter
        </button>
      </Form>

      <p className="mt-4 text-sm text-slate-500">
        {total} experiment{total === 1 ? "" : "s"}, newest first
      </p>
      {examples ? (
        <section className="mt-2 rounded-lg border border-dashed border-slate-300 bg-white p-6 text-sm">
          <h2>No experiments yet</h2>
          <p className="mt-2 text-slate-600">
            An experiment splits units (users, students, sessions) between variants and compares the metrics
            their events produce.{" "}
            {mayCreate ? (
              <>
                Define it with the <Link to="/experiments/new">New experiment</Link> form (or{" "}
                <code>POST /api/v1/experiments</code>), start it, then send what happens:
              </>
            ) : (
              <>
                An editor or admin defines and starts it; then services send what happens, through{" "}
                <code>/api/v1</code>:
              </>
            )}
          </p>
          <SendDataHelp examples={examples} />
        </section>
      ) : experiments.length === 0 ? (
        <p className="mt-2 rounded-lg border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-600">
          No experiment matches these filters. <Link to="/experiments">Show all experiments</Link>.
        </p>
      ) : (
        <table className="mt-2 w-full rounded-lg border border-slate-200 bg-white text-sm">
          <TableHead columns={["Experiment", "Status", "Variants", "Primary metric", "Created"]} />
          <tbody>
            {experiments.map((e) => (
              <tr key={e.key} className="border-b border-slate-100 last:border-b-0">
                <td className="px-4 py-2">
                  <Link to={`/experiments/${e.key}`} className="font-medium">
                    {e.name}
                  </Link>
                  <div className="text-xs text-slate-500">{e.key}</div>
                </td>
                <td className="px-4 py-2">
                  <StatusPill status={e.status} />
                </td>
                <td className="px-4 py-2">{e.variants.join(" · ")}</td>
                <td className="px-4 py-2">{e.primaryMetric}</td>
                <td className="px-4 py-2 tabular-nums">{formatDay(e.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pages > 1 && (
        <nav aria-label="Pages" className="mt-3 flex items-center gap-3 text-sm">
          {filters.page > 1 && <Link to={pageLink(filters, filters.page - 1)}>← Newer</Link>}
          <span className="text-slate-500">
            Page {filters.page} of {pages}
          </span>
          {filters.page < pages && <Link to={pageLink(filters, filters.page + 1)}>Older →</Link>}
        </nav>
      )}
    </>
  );
}
