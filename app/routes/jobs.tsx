import { useEffect } from "react";
import { Link, useFetcher, useRevalidator } from "react-router";
import { usePermissions } from "#app/auth/use-permission";
import { page } from "#app/pages/page.server";
import { formatCount, formatDateTime } from "#app/ui/format";
import { invalidInput } from "#lib/errors";
import type { Route } from "./+types/jobs";
import { followedRun, jobsPage, queueJobRun } from "./jobs.server";

export const loader = page("jobs", ({ request }: Route.LoaderArgs, ctx) =>
  jobsPage(ctx, followedRun(new URL(request.url))),
);

export const action = page("jobs", async ({ request }: Route.ActionArgs, ctx) => {
  const form = await request.formData();
  const job = form.get("job");
  if (typeof job !== "string" || job === "") throw invalidInput("Which job to run is missing");
  const target = form.get("target");
  const kind = job === "experiment-results" ? "experiment" : "model";
  return queueJobRun(ctx, job, typeof target === "string" && target !== "" ? { [kind]: target } : {});
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

const POLL_MS = 500;
const FINISHED = new Set(["succeeded", "failed"]);

type FollowedRun = NonNullable<Route.ComponentProps["loaderData"]["run"]>;

/** How long the run took, or has been going: the status line's clock. */
function runTime(run: FollowedRun): string {
  if (run.durationMs !== null) return ` in ${formatCount(run.durationMs)} ms`;
  if (run.startedAt) return ` for ${formatCount(Math.max(0, Date.now() - Date.parse(run.startedAt)))} ms`;
  return "";
}

function RunLine({ run }: { run: FollowedRun }) {
  const target = run.target?.experiment ?? run.target?.model;
  return (
    <>
      Run #{run.id}: <RunStatus status={run.status} />
      {runTime(run)}
      {target ? ` (${target})` : ""}
      {run.status === "failed" && run.error ? ` — ${run.error}` : ""}
      {run.status === "queued" ? " (the job worker will pick it up shortly)" : ""}
    </>
  );
}

/**
 * "Run now" for everything or one target; the run is then polled through this page's loader
 * (`?run=<id>`) until it ends, and the page revalidates so the finished run is in the table.
 */
function RunNow({ job, kind, targets }: { job: string; kind: "experiment" | "model"; targets: string[] }) {
  const starter = useFetcher<typeof action>();
  const poller = useFetcher<typeof loader>();
  const { revalidate } = useRevalidator();
  const started = starter.data?.run;
  const polled = poller.data?.run;
  const run = started && polled?.id === started.id ? polled : started;
  const finished = run ? FINISHED.has(run.status) : false;
  const poll = poller.load;

  useEffect(() => {
    if (!run || finished) return;
    const timer = setTimeout(() => poll(`/jobs?run=${run.id}`), POLL_MS);
    return () => clearTimeout(timer);
  }, [run, finished, poll]);

  useEffect(() => {
    if (finished) revalidate();
  }, [finished, revalidate]);

  const selectId = `run-target-${job}`;
  return (
    <starter.Form method="post" className="flex flex-wrap items-center justify-end gap-3">
      <span
        className={`text-xs ${run?.status === "failed" ? "text-worse" : "text-slate-600"}`}
        aria-live="polite"
        data-testid={`run-now-${job}`}
      >
        {starter.state !== "idle" ? "Queuing…" : run ? <RunLine run={run} /> : ""}
      </span>
      <input type="hidden" name="job" value={job} />
      <label htmlFor={selectId} className="text-sm text-slate-600">
        For
      </label>
      <select
        id={selectId}
        name="target"
        defaultValue=""
        className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
      >
        <option value="">all {kind}s</option>
        {targets.map((t) => (
          <option key={t} value={t}>
            {kind} {t}
          </option>
        ))}
      </select>
      <button
        type="submit"
        disabled={starter.state !== "idle" || (run !== undefined && !finished)}
        className="rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-white hover:opacity-90 disabled:opacity-60"
      >
        Run now
      </button>
    </starter.Form>
  );
}

export default function Jobs({ loaderData }: Route.ComponentProps) {
  const failing = loaderData.jobs.filter((j) => j.runs[0]?.status === "failed");
  const mayRun = usePermissions().mayWrite("jobs");
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
            {mayRun && (
              <RunNow
                job={job.name}
                {...(job.name === "experiment-results"
                  ? { kind: "experiment", targets: loaderData.experiments }
                  : { kind: "model", targets: loaderData.models })}
              />
            )}
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
