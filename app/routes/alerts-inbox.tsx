import { Link, useRevalidator } from "react-router";
import { page } from "#app/pages/page.server";
import { inboxView } from "#app/services/webhook-inbox.server";
import { formatDateTime } from "#app/ui/format";
import type { Route } from "./+types/alerts-inbox";

export const loader = page("alerts-inbox", async (_: Route.LoaderArgs, ctx) => ({
  messages: await inboxView(ctx.db, ctx.webhooks),
}));

export const meta: Route.MetaFunction = () => [{ title: "Webhook inbox · Northstar" }];

export default function Inbox({ loaderData }: Route.ComponentProps) {
  const { revalidate, state } = useRevalidator();
  return (
    <>
      <h1>Webhook inbox</h1>
      <p className="mt-1 text-sm text-slate-500">
        A receiver built into the demo: the demo's webhook points here, so alert notifications arrive with no
        external service. Each message's Standard Webhooks signature is checked on arrival with the webhook's
        secret. See <Link to="/alerts/webhooks">Webhooks</Link> for delivery attempts.
      </p>
      <button
        type="button"
        onClick={revalidate}
        className="mt-3 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm hover:bg-slate-50"
      >
        {state === "loading" ? "Refreshing…" : "Refresh"}
      </button>
      {loaderData.messages.length === 0 && (
        <p className="mt-6 text-sm text-slate-600">
          Nothing received yet. Use "Send test" on the <Link to="/alerts/webhooks">Webhooks</Link> page, or
          wait for an alert to fire.
        </p>
      )}
      <ol className="mt-4 space-y-4">
        {loaderData.messages.map((m) => (
          <li key={m.id} className="rounded-lg border border-slate-200 bg-white p-4">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h2 className="text-base">
                {m.type}
                {m.summary && <span className="font-normal text-slate-600"> · {m.summary}</span>}
              </h2>
              <span className="text-sm tabular-nums text-slate-500">{formatDateTime(m.receivedAt)}</span>
            </div>
            <p className={`mt-1 text-sm ${m.verified ? "text-better" : "text-worse"}`}>
              <span aria-hidden="true">{m.verified ? "✓ " : "✗ "}</span>
              {m.verified ? "Signature verified" : "Not verified"}: {m.verification}
            </p>
            {m.messageId && <p className="font-mono text-xs text-slate-500">webhook-id {m.messageId}</p>}
            <details className="mt-2">
              <summary className="cursor-pointer text-sm text-slate-600">Body</summary>
              <pre className="mt-1 overflow-x-auto rounded bg-slate-50 p-2 text-xs">{m.body}</pre>
            </details>
          </li>
        ))}
      </ol>
    </>
  );
}
