import { useEffect } from "react";
import { Link, useFetcher, useRevalidator } from "react-router";
import { page } from "#app/pages/page.server";
import { formatCount, formatDateTime } from "#app/ui/format";
import type { Route } from "./+types/alerts-webhooks";
import { webhookAction, webhooksPage } from "./alerts-webhooks.server";

export const loader = page("alerts-webhooks", (_: Route.LoaderArgs, ctx) => webhooksPage(ctx));

export const action = page("alerts-webhooks", async ({ request }: Route.ActionArgs, ctx) =>
  webhookAction(ctx, await request.formData()),
);

export const meta: Route.MetaFunction = () => [{ title: "Webhooks · Northstar" }];

const cell = "px-3 py-2";

const STATUS: Record<string, { icon: string; className: string; label: string }> = {
  delivered: { icon: "✓", className: "text-better", label: "delivered" },
  pending: { icon: "…", className: "text-slate-700", label: "pending" },
  failed: { icon: "✗", className: "font-medium text-worse", label: "failed" },
  gave_up: { icon: "✗", className: "font-medium text-worse", label: "gave up" },
};

/** A POST button for one action; the page refreshes after it so the new attempt shows. */
function ActionButton({
  intent,
  webhook,
  message,
  children,
}: {
  intent: string;
  webhook: string;
  message?: string;
  children: string;
}) {
  const fetcher = useFetcher<typeof action>();
  const { revalidate } = useRevalidator();
  const done = fetcher.state === "idle" && fetcher.data !== undefined;
  useEffect(() => {
    if (!done) return;
    // The worker sends within a second or two: look again then.
    const timer = setTimeout(revalidate, 2000);
    return () => clearTimeout(timer);
  }, [done, revalidate]);
  return (
    <fetcher.Form method="post" className="inline">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="webhook" value={webhook} />
      {message && <input type="hidden" name="message" value={message} />}
      <button
        type="submit"
        disabled={fetcher.state !== "idle"}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm hover:bg-slate-50 disabled:opacity-60"
      >
        {fetcher.state !== "idle" ? "Queuing…" : children}
      </button>
      <span className="ml-2 text-xs text-slate-600" aria-live="polite">
        {done ? "Queued" : ""}
      </span>
    </fetcher.Form>
  );
}

export default function Webhooks({ loaderData }: Route.ComponentProps) {
  return (
    <>
      <h1>Webhooks</h1>
      <p className="mt-1 text-sm text-slate-500">
        Alerts are sent to these endpoints as signed Standard Webhooks (or Slack messages), retried with
        backoff for about a day. Create one with <span className="font-mono">POST /api/v1/webhooks</span>; its
        secret is shown once.
        {loaderData.inbox && (
          <>
            {" "}
            The demo's built-in receiver shows what arrives: <Link to="/alerts/inbox">Inbox</Link>.
          </>
        )}
      </p>
      {loaderData.webhooks.length === 0 && <p className="mt-6 text-sm text-slate-600">No webhooks yet.</p>}
      {loaderData.webhooks.map((w) => (
        <section key={w.id} className="mt-6" aria-labelledby={`webhook-${w.id}`}>
          <div className="flex flex-wrap items-end justify-between gap-3">
            <div>
              <h2 id={`webhook-${w.id}`} className="break-all">
                {w.description ?? w.url}
              </h2>
              <p className="text-sm text-slate-600">
                <span className="font-mono break-all">{w.url}</span> · {w.format} ·{" "}
                {w.enabled ? (
                  <span className="text-better">✓ enabled</span>
                ) : (
                  <span className="text-worse">
                    ✗ disabled{w.disabledReason ? `: ${w.disabledReason}` : ""}
                  </span>
                )}
              </p>
            </div>
            {w.enabled && (
              <ActionButton intent="test" webhook={w.id}>
                Send test
              </ActionButton>
            )}
          </div>
          <table className="mt-2 w-full rounded-lg border border-slate-200 bg-white text-sm">
            <caption className="sr-only">Recent deliveries to {w.url}</caption>
            <thead>
              <tr className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500">
                <th scope="col" className={`${cell} font-medium`}>
                  Message
                </th>
                <th scope="col" className={`${cell} font-medium`}>
                  Status
                </th>
                <th scope="col" className={`${cell} font-medium`}>
                  Queued
                </th>
                <th scope="col" className={`${cell} text-right font-medium`}>
                  Attempts
                </th>
                <th scope="col" className={`${cell} font-medium`}>
                  Last answer
                </th>
                <th scope="col" className={`${cell} font-medium`}>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {w.deliveries.length === 0 && (
                <tr>
                  <td colSpan={6} className={`${cell} text-slate-500`}>
                    Nothing sent yet.
                  </td>
                </tr>
              )}
              {w.deliveries.map((d) => {
                const status = STATUS[d.status] ?? { icon: "•", className: "", label: d.status };
                return (
                  <tr key={d.messageId} className="border-b border-slate-100 align-top last:border-b-0">
                    <td className={cell}>
                      <div>{d.type}</div>
                      <div className="font-mono text-xs text-slate-500">{d.messageId}</div>
                    </td>
                    <td className={cell}>
                      <span className={`inline-flex items-center gap-1 ${status.className}`}>
                        <span aria-hidden="true">{status.icon}</span>
                        {status.label}
                      </span>
                      {d.status === "pending" && d.nextAttemptAt && (
                        <div className="text-xs text-slate-500">
                          next try {formatDateTime(d.nextAttemptAt)}
                        </div>
                      )}
                    </td>
                    <td className={`${cell} tabular-nums`}>{formatDateTime(d.createdAt)}</td>
                    <td className={`${cell} text-right tabular-nums`}>{formatCount(d.attempts)}</td>
                    <td className={cell}>
                      {d.lastStatusCode !== null
                        ? `HTTP ${d.lastStatusCode}`
                        : d.attempts > 0
                          ? "no answer"
                          : "—"}
                      {d.lastDurationMs !== null && ` in ${formatCount(d.lastDurationMs)} ms`}
                      {d.lastError && <div className="text-xs text-orange-900">{d.lastError}</div>}
                    </td>
                    <td className={`${cell} text-right`}>
                      {w.enabled && (
                        <ActionButton intent="redeliver" webhook={w.id} message={d.messageId}>
                          Redeliver
                        </ActionButton>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      ))}
    </>
  );
}
