import { useEffect, useRef } from "react";
import { Link, data, useFetcher, useRevalidator } from "react-router";
import { usePermissions } from "#app/auth/use-permission";
import { FormField, inputClass } from "#app/components/form-field";
import { page } from "#app/pages/page.server";
import { formatCount, formatDateTime } from "#app/ui/format";
import { WEBHOOK_FORMATS } from "#lib/vocabulary";
import type { Route } from "./+types/alerts-webhooks";
import { webhookAction, webhooksPage } from "./alerts-webhooks.server";

export const loader = page("alerts-webhooks", (_: Route.LoaderArgs, ctx) => webhooksPage(ctx));

export const action = page("alerts-webhooks", async ({ request }: Route.ActionArgs, ctx) => {
  const result = await webhookAction(ctx, await request.formData());
  // Never cached: the response with a new webhook's secret is its only copy.
  const headers = { "Cache-Control": "no-store" };
  return "errors" in result ? data(result, { status: 400, headers }) : data(result, { headers });
});

export const headers: Route.HeadersFunction = ({ actionHeaders, loaderHeaders }) =>
  actionHeaders.has("Cache-Control") ? actionHeaders : loaderHeaders;

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

type CreateResult =
  | { created: { label: string; secret: string | null } }
  | { errors: Record<string, string> }
  | undefined;

const FORMAT_LABEL: Record<(typeof WEBHOOK_FORMATS)[number], string> = {
  standard: "Standard Webhooks (signed JSON)",
  slack: "Slack incoming webhook",
};

function CreateWebhook() {
  const fetcher = useFetcher<typeof action>();
  const result = fetcher.data as CreateResult;
  const errors = result && "errors" in result ? result.errors : {};
  const errorCount = Object.keys(errors).length;
  const formRef = useRef<HTMLFormElement>(null);
  const created = result && "created" in result ? result.created : null;
  useEffect(() => {
    // Typed values stay while they need fixing; once added, a second click must not add it twice.
    if (created) formRef.current?.reset();
  }, [created]);
  return (
    <section aria-labelledby="add-webhook" className="mt-8 max-w-3xl">
      <h2 id="add-webhook" className="mb-2">
        Add a webhook
      </h2>
      {errorCount > 0 && (
        <p role="alert" className="mb-3 rounded-md border border-orange-300 bg-orange-50 px-3 py-2 text-sm">
          The webhook was not added: {errorCount === 1 ? "one field needs" : `${errorCount} fields need`}{" "}
          attention.
        </p>
      )}
      <fetcher.Form
        ref={formRef}
        method="post"
        noValidate
        className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2"
      >
        <input type="hidden" name="intent" value="create" />
        <div className="sm:col-span-2">
          <FormField
            id="webhook-url"
            label="URL"
            hint="http or https; private and loopback addresses are refused"
            error={errors.url}
          >
            {(p) => (
              <input
                {...p}
                name="url"
                type="url"
                autoComplete="off"
                placeholder="https://hooks.example.com/northstar"
                className={inputClass}
              />
            )}
          </FormField>
        </div>
        <FormField id="webhook-format" label="Format" error={errors.format}>
          {(p) => (
            <select {...p} name="format" defaultValue="standard" className={inputClass}>
              {WEBHOOK_FORMATS.map((f) => (
                <option key={f} value={f}>
                  {FORMAT_LABEL[f]}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField
          id="webhook-description"
          label="Description"
          hint="Optional; shown instead of the URL, e.g. on-call"
          error={errors.description}
        >
          {(p) => <input {...p} name="description" autoComplete="off" className={inputClass} />}
        </FormField>
        <div className="sm:col-span-2">
          <button
            type="submit"
            disabled={fetcher.state !== "idle"}
            className="rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-white disabled:opacity-60"
          >
            Add webhook
          </button>
          {created && (
            <div role="status" className="mt-3 rounded-md border border-slate-200 bg-slate-50 p-3 text-sm">
              {created.secret ? (
                <>
                  <p>
                    Added “{created.label}”. Its signing secret, for the receiver to verify messages with:
                    copy it now, it is not shown again.
                  </p>
                  <code data-testid="new-webhook-secret" className="mt-2 block break-all font-mono">
                    {created.secret}
                  </code>
                </>
              ) : (
                <p>Added “{created.label}”. Slack messages are not signed: keep its URL private.</p>
              )}
            </div>
          )}
        </div>
      </fetcher.Form>
    </section>
  );
}

export default function Webhooks({ loaderData }: Route.ComponentProps) {
  const mayAdd = usePermissions().mayWrite("alerts-webhooks");
  return (
    <>
      <h1>Webhooks</h1>
      <p className="mt-1 text-sm text-slate-500">
        Alerts are sent to these endpoints as signed Standard Webhooks (or Slack messages), retried with
        backoff for about a day. Add one below or with{" "}
        <span className="font-mono">POST /api/v1/webhooks</span>; its secret is shown once.
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
      {mayAdd &&
        (loaderData.canCreate ? (
          <CreateWebhook />
        ) : (
          <p className="mt-8 max-w-3xl text-sm text-slate-600">
            Adding webhooks needs <span className="font-mono">NORTHSTAR_SECRET_KEY</span> (32 random bytes,
            base64) to store their signing secrets.
          </p>
        ))}
    </>
  );
}
