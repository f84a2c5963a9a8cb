import { data, useFetcher } from "react-router";
import { FormField, inputClass } from "#app/components/form-field";
import { TableHead } from "#app/components/table-head";
import { page } from "#app/pages/page.server";
import { formatDateTime, formatDay } from "#app/ui/format";
import type { Route } from "./+types/settings-api-keys";
import { apiKeysAction, apiKeysPage } from "./settings-api-keys.server";

export const loader = page("settings-api-keys", (_: Route.LoaderArgs, ctx) => apiKeysPage(ctx));

export const action = page("settings-api-keys", async ({ request }: Route.ActionArgs, ctx) => {
  const result = await apiKeysAction(ctx, await request.formData());
  // Never cached: the response with a new key is its only copy.
  const headers = { "Cache-Control": "no-store" };
  return "error" in result ? data(result, { status: result.status, headers }) : data(result, { headers });
});

export const headers: Route.HeadersFunction = ({ actionHeaders, loaderHeaders }) =>
  actionHeaders.has("Cache-Control") ? actionHeaders : loaderHeaders;

export const meta: Route.MetaFunction = () => [{ title: "API keys · Northstar" }];

type CreateResult =
  | { created: { name: string; scope: string; key: string } }
  | { error: string; errors: Record<string, string> }
  | undefined;

function CreateKey({ scopes }: { scopes: readonly string[] }) {
  const fetcher = useFetcher<typeof action>();
  const result = fetcher.data as CreateResult;
  const errors = result && "errors" in result ? result.errors : {};
  return (
    <section aria-labelledby="create-key" className="mt-8 max-w-3xl">
      <h2 id="create-key">Create a key</h2>
      <fetcher.Form
        method="post"
        noValidate
        className="mt-2 grid gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2"
      >
        <input type="hidden" name="intent" value="create" />
        <FormField id="key-name" label="Name" hint="Who uses it, e.g. checkout-service" error={errors.name}>
          {(p) => <input {...p} name="name" autoComplete="off" className={inputClass} />}
        </FormField>
        <FormField
          id="key-scope"
          label="Scope"
          hint="ingest: send data; admin: everything"
          error={errors.scope}
        >
          {(p) => (
            <select {...p} name="scope" defaultValue="ingest" className={inputClass}>
              {scopes.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          )}
        </FormField>
        <div className="sm:col-span-2">
          <button type="submit" className="rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-white">
            Create key
          </button>
          {result && "error" in result && (
            <p role="alert" className="mt-2 text-sm font-medium text-worse">
              {result.error}
            </p>
          )}
          {result && "created" in result && (
            <div role="status" className="mt-3 rounded-md border border-slate-200 bg-slate-50 p-3 text-sm">
              <p>
                Created {result.created.scope} key “{result.created.name}”. Copy it now: it is not shown
                again.
              </p>
              <code data-testid="new-api-key" className="mt-2 block break-all font-mono">
                {result.created.key}
              </code>
            </div>
          )}
        </div>
      </fetcher.Form>
    </section>
  );
}

function RevokeKey({ name }: { name: string }) {
  const fetcher = useFetcher();
  return (
    <fetcher.Form method="post">
      <input type="hidden" name="intent" value="revoke" />
      <input type="hidden" name="name" value={name} />
      <button
        type="submit"
        aria-label={`Revoke ${name}`}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm hover:bg-slate-50"
      >
        Revoke
      </button>
    </fetcher.Form>
  );
}

export default function SettingsApiKeys({ loaderData }: Route.ComponentProps) {
  const { keys, scopes } = loaderData;
  return (
    <>
      <h1>API keys</h1>
      <p className="mt-1 text-sm text-slate-600">
        Services call <code>/api/v1</code> with <code>Authorization: Bearer &lt;key&gt;</code>. Only a hash of
        each key is stored.
      </p>
      {keys.length === 0 ? (
        <p className="mt-4 text-sm text-slate-600">No keys yet.</p>
      ) : (
        <table className="mt-4 w-full rounded-lg border border-slate-200 bg-white text-sm">
          <TableHead columns={["Name", "Scope", "Starts with", "Created", "Last used", "State"]} />
          <tbody>
            {keys.map((k) => (
              <tr key={k.name} className="border-b border-slate-100 last:border-b-0">
                <td className="px-4 py-2 font-medium">{k.name}</td>
                <td className="px-4 py-2">{k.scope}</td>
                <td className="px-4 py-2 font-mono">{k.prefix}…</td>
                <td className="px-4 py-2 tabular-nums">{formatDay(k.createdAt)}</td>
                <td className="px-4 py-2 tabular-nums">
                  {k.lastUsedAt ? formatDateTime(k.lastUsedAt) : "never"}
                </td>
                <td className="px-4 py-2">{k.revoked ? "revoked" : <RevokeKey name={k.name} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <CreateKey scopes={scopes} />
    </>
  );
}
