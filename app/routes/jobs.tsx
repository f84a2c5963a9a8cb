import { Link, useFetcher } from "react-router";
import { page } from "#app/pages/page.server";
import { formatCount, formatDateTime } from "#app/ui/format";
import { invalidInput } from "#lib/errors";
import type { Route } from "./+types/jobs";
import { jobsPage, runJobNow } from "./jobs.server";

export const loader = page((_: Route.LoaderArgs, ctx) => jobsPage(ctx));

export const action = page(async ({ request }: Route.ActionArgs, ctx) => {
  const form = await request.formData();
  const job = form.get("job");
  if (typeof job !== "string" || job === "") throw invalidInput("Which job to run is missing");
  return runJobNow(ctx, job, null);
});

export const meta: Route.MetaFunction = () => [{ title: "Jobs · Northstar" }];

const cell = "px-3 py-2";

const STATUS: Record<string, { icon: string; className: string }> = {
  succeeded: { icon: "✓", className: "text-better" },
  failed: { icon: "✗", className: "font-medium text-worse" },
  running: { icon: "▶", className: "text-slate-700" },
  queued: { icon: "…", className: "text-slate-500" },
};

function RunStatus({ status }: { status: string }) {
  const style = STATUS[status] ?? { icon: "•", className: "text-slate-600" };
  return (
    <span className={`inline-flex items-center gap-1 ${style.className}`}>
      <span aria-hidden="true">{style.icon}</span>
      {status}
    </span>
  );
}

function RunNow({ job }: { job: string }) {
  const fetcher = useFetcher<typeof action>();
  const busy = fetcher.state !== "idle";
  const run = fetcher.data?.run;
  return (
    <fetcher.Form method="post" className="flex items-center gap-3">
      <span className="text-xs text-slate-600" aria-live="polite" data-testid={`run-now-${job}`}>
        {busy ? (
          "Running…"
        ) : run ? (
          <>
            Run #{run.id}: <RunStatus status={run.status} />
            {run.status === "failed" && run.error ? ` — ${run.error}` : ""}
            {run.status === "queued" ? " (the job worker will pick it up shortly)" : ""}
          </>
        ) : (
          ""
        )}
      </span>
      <input type="hidden" name="job" value={job} />
      <button
        type="submit"
        disabled={busy}
        className="rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-white hover:opacity-90 disabled:opacity-60"
      >
        Run now
      </button>
    </fetcher.Form>
  );
}

export default function Jobs({ loaderData }: Route.ComponentProps) {
  const failing = loaderData.jobs.filter((j) => j.runs[0]?.status === "failed");
  return (
    <>
      <h1>Jobs</h1>
      <p className="mt-1 text-sm text-slate-500">
        Scheduled jobs turn raw data into the snapshots the pages read. Schedules are cron expressions in UTC.
      </p>
      {failing.length > 0 && (
        <div role="alert" className="mt-4 rounded-lg border border-orange-200 bg-orange-50 px-4 py-3 text-sm">
          <strong className="text-worse">✗ Last run failed:</strong> {failing.map((j) => j.name).join(", ")}.
          The pages show the snapshots of their last successful run until a run succeeds.
        </div>
      )}
      {loaderData.jobs.map((job) => (
        <section key={job.name} className="mt-6" aria-labelledby={`job-${job.name}`}>
          <div className="flex flex-wrap items-end justify-between gap-3">
            <div>
              <h2 id={`job-${job.name}`}>{job.name}</h2>
              <p className="text-sm text-slate-500">{job.description}</p>
              <p className="text-sm text-slate-600">
                Schedule <span className="font-mono">{job.schedule}</span> (UTC) · next run{" "}
                {formatDateTime(job.nextRunAt)} · last success {formatDateTime(job.lastSuccessAt)}
              </p>
            </div>
            <RunNow job={job.name} />
          </div>
          <table className="mt-2 w-full rounded-lg border border-slate-200 bg-white text-sm">
            <caption className="sr-only">Recent runs of {job.name}</caption>
            <thead>
              <tr className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500">
                <th className={`${cell} font-medium`}>Run</th>
                <th className={`${cell} font-medium`}>Status</th>
                <th className={`${cell} font-medium`}>Trigger</th>
                <th className={`${cell} font-medium`}>Started</th>
                <th className={`${cell} text-right font-medium`}>Duration</th>
                <th className={`${cell} text-right font-medium`}>Rows scanned</th>
                <th className={`${cell} text-right font-medium`}>Items ok / failed</th>
              </tr>
            </thead>
            <tbody>
              {job.runs.length === 0 && (
                <tr>
                  <td colSpan={7} className={`${cell} text-slate-500`}>
                    No runs yet.
                  </td>
                </tr>
              )}
              {job.runs.map((r) => (
                <tr
                  key={r.id}
                  className={`border-b border-slate-100 align-top last:border-b-0 ${r.status === "failed" ? "bg-orange-50/60" : ""}`}
                >
                  <td className={`${cell} tabular-nums`}>#{r.id}</td>
                  <td className={cell}>
                    <RunStatus status={r.status} />
                    {r.target?.model && (
                      <div className="text-xs text-slate-500">
                        model <Link to={`/models/${r.target.model}`}>{r.target.model}</Link>
                      </div>
                    )}
                    {r.target?.experiment && (
                      <div className="text-xs text-slate-500">
                        experiment{" "}
                        <Link to={`/experiments/${r.target.experiment}`}>{r.target.experiment}</Link>
                      </div>
                    )}
                    {r.error && <div className="text-xs text-orange-900">{r.error}</div>}
                    {r.problems?.map((p) => (
                      <div key={p.item} className="text-xs text-orange-900">
                        {p.item}: {p.error}
                      </div>
                    ))}
                  </td>
                  <td className={cell}>{r.trigger}</td>
                  <td className={`${cell} tabular-nums`}>{formatDateTime(r.startedAt ?? r.queuedAt)}</td>
                  <td className={`${cell} text-right tabular-nums`}>
                    {r.durationMs === null ? "—" : `${formatCount(r.durationMs)} ms`}
                  </td>
                  <td className={`${cell} text-right tabular-nums`}>{formatCount(r.rowsScanned)}</td>
                  <td className={`${cell} text-right tabular-nums`}>
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
