import type { SendDataExamples } from "#app/pages/send-data-examples";

// Wrapped, not scrolled: the commands stay whole at any width and need no keyboard scrolling.
const PRE = "whitespace-pre-wrap break-all rounded-md bg-slate-900 p-3 text-xs text-slate-100";

/** What to send and how: the two curl commands, with where the key comes from. */
export function SendDataHelp({ examples }: { examples: SendDataExamples }) {
  return (
    <div className="mt-3 grid gap-2 text-sm text-slate-700" data-testid="send-data-help">
      <p>
        1. Record which variant each unit saw (or let Northstar choose with <code>GET /api/v1/assign</code>):
      </p>
      <pre className={PRE}>
        <code>{examples.assign}</code>
      </pre>
      <p>2. Send the events your metrics count:</p>
      <pre className={PRE}>
        <code>{examples.events}</code>
      </pre>
      <p className="text-xs text-slate-500">
        <code>NORTHSTAR_KEY</code> is an API key with the ingest scope (
        <code>npm run keys -- create --name my-service --scope ingest</code>). Every endpoint is described in{" "}
        <a href="/api/v1/openapi.json">the API reference</a>.
      </p>
    </div>
  );
}
