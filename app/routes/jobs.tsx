import { page } from "#app/pages/page.server";
import { formatCount, formatDateTime } from "#app/ui/format";
import { TableHead } from "#app/components/table-head";
import type { Route } from "./+types/jobs";
import { jobsPage } from "./jobs.server";

export const loader = page((_: Route.LoaderArgs, ctx) => jobsPage(ctx));

export const meta: Route.MetaFunction = () => [{ title: "Jobs · Northstar" }];

export default function Jobs({ loaderData }: Route.ComponentProps) {
  return (
    <>
      <h1>Jobs</h1>
      {loaderData.jobs.map((job) => (
        <section key={job.name} className="mt-6">
          <h2>{job.name}</h2>
          <p className="text-sm text-slate-500">
            {job.description} · <span className="font-mono">{job.schedule}</span> (UTC) · last success{" "}
            {formatDateTime(job.lastSuccessAt)}
          </p>
          <table className="mt-2 w-full rounded-lg border border-slate-200 bg-white text-sm">
            <TableHead
              columns={[
                "Run",
                "Status",
                "Trigger",
                "Finished",
                { label: "Duration", numeric: true },
                { label: "Items ok / failed", numeric: true },
              ]}
            />
            <tbody>
              {job.runs.length === 0 && (
                <tr>
                  <td colSpan={6} className="px-4 py-2 text-slate-500">
                    No runs yet.
                  </td>
                </tr>
              )}
              {job.runs.map((r) => (
                <tr key={r.id} className="border-b border-slate-100 align-top last:border-b-0">
                  <td className="px-4 py-2 tabular-nums">#{r.id}</td>
                  <td className="px-4 py-2">
                    {r.status}
                    {r.error && <div className="text-xs text-orange-900">{r.error}</div>}
                  </td>
                  <td className="px-4 py-2">{r.trigger}</td>
                  <td className="px-4 py-2">{formatDateTime(r.finishedAt)}</td>
                  <td className="px-4 py-2 text-right tabular-nums">
                    {r.durationMs === null ? "—" : `${formatCount(r.durationMs)} ms`}
                  </td>
                  <td className="px-4 py-2 text-right tabular-nums">
                    {formatCount(r.itemsOk)} / {formatCount(r.itemsFailed)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </>
  );
}
