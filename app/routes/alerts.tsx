import { Link, data, redirect, useFetcher } from "react-router";
import { usePermissions } from "#app/auth/use-permission";
import { AlertStateBadge } from "#app/components/alert-state-badge";
import { ConfirmAction } from "#app/components/confirm-action";
import { TableHead } from "#app/components/table-head";
import { page } from "#app/pages/page.server";
import { formatDateTime } from "#app/ui/format";
import type { Route } from "./+types/alerts";
import { alertsAction, alertsPage, editedRuleId } from "./alerts.server";
import { RuleForm } from "#app/components/alert-rule-form";

export const loader = page("alerts", ({ request }: Route.LoaderArgs, ctx) =>
  alertsPage(ctx, editedRuleId(new URL(request.url))),
);

export const action = page("alerts", async ({ request }: Route.ActionArgs, ctx) => {
  const result = await alertsAction(ctx, await request.formData());
  if ("done" in result) throw redirect("/alerts");
  return data(result, { status: 400 });
});

export const meta: Route.MetaFunction = () => [{ title: "Alerts · Northstar" }];

type LoaderData = Route.ComponentProps["loaderData"];
const cell = "px-4 py-2 align-top";

export default function Alerts({ loaderData, actionData }: Route.ComponentProps) {
  const { open, rules, history, form } = loaderData;
  const firing = open.filter((a) => a.state === "firing").length;
  const enabled = rules.filter((r) => r.enabled).length;
  const { mayRead, mayWrite } = usePermissions();
  const mayEdit = mayWrite("alerts");
  return (
    <>
      <h1>Alerts</h1>
      <p className="mt-1 text-sm text-slate-500">
        {firing} firing · {open.length - firing} pending · {rules.length} rules ({enabled} enabled). Rules are
        evaluated after each job run that touches their target (<Link to="/jobs">jobs</Link>); they notify{" "}
        {mayRead("alerts-webhooks") ? <Link to="/alerts/webhooks">webhooks</Link> : "webhooks"}.
      </p>

      <section className="mt-6" aria-labelledby="open-alerts">
        <h2 id="open-alerts" className="mb-2">
          Open alerts
        </h2>
        {open.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-600">
            <span aria-hidden="true">✓ </span>Nothing is firing or pending.
          </p>
        ) : (
          <table className="w-full rounded-lg border border-slate-200 bg-white text-sm">
            <caption className="sr-only">Open alerts</caption>
            <TableHead columns={["State", "Rule", "About", "Value", "Since"]} />
            <tbody>
              {open.map((a) => (
                <tr key={a.id} className="border-b border-slate-100 last:border-b-0">
                  <td className={cell}>
                    <AlertStateBadge state={a.state} />
                  </td>
                  <td className={cell}>
                    {a.rule} <span className="text-xs text-slate-500">({a.kind})</span>
                  </td>
                  <td className={cell}>
                    <Link to={a.url}>{a.subject}</Link>
                  </td>
                  <td className={`${cell} tabular-nums`}>{a.value}</td>
                  <td className={`${cell} whitespace-nowrap`}>{formatDateTime(a.since)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="mt-8" aria-labelledby="alert-rules">
        <h2 id="alert-rules" className="mb-2">
          Rules
        </h2>
        {rules.length === 0 ? (
          <p className="text-sm text-slate-600">
            No rules yet: add one below or with POST /api/v1/alert-rules.
          </p>
        ) : (
          <table className="w-full rounded-lg border border-slate-200 bg-white text-sm">
            <caption className="sr-only">Alert rules</caption>
            <TableHead columns={["Rule", "Watches", "Notifies", "Status", ...(mayEdit ? ["Actions"] : [])]} />
            <tbody>
              {rules.map((r) => (
                <RuleRow key={r.id} rule={r} mayEdit={mayEdit} />
              ))}
            </tbody>
          </table>
        )}
      </section>

      {mayEdit && <RuleForm key={form.editing?.id ?? "new"} form={form} errors={actionData?.errors ?? {}} />}

      <section className="mt-8" aria-labelledby="alert-history">
        <h2 id="alert-history" className="mb-2">
          History
        </h2>
        {history.length === 0 ? (
          <p className="text-sm text-slate-600">No transitions yet.</p>
        ) : (
          <table className="w-full rounded-lg border border-slate-200 bg-white text-sm">
            <caption className="sr-only">Alert transitions, newest first</caption>
            <TableHead columns={["When", "Rule", "About", "Change", "Value", "Message"]} />
            <tbody>
              {history.map((t) => (
                <tr key={t.id} className="border-b border-slate-100 last:border-b-0">
                  <td className={`${cell} whitespace-nowrap`}>{formatDateTime(t.at)}</td>
                  <td className={cell}>{t.rule}</td>
                  <td className={cell}>
                    <Link to={t.url}>{t.subject}</Link>
                  </td>
                  <td className={cell}>
                    <span className="inline-flex items-center gap-1">
                      <AlertStateBadge state={t.from} />
                      <span aria-hidden="true">→</span>
                      <span className="sr-only">to</span>
                      <AlertStateBadge state={t.to} />
                    </span>
                  </td>
                  <td className={`${cell} tabular-nums`}>{t.value}</td>
                  <td className={cell}>{t.notification ? `${t.notification} sent` : "none"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

function RuleRow({ rule, mayEdit }: { rule: LoaderData["rules"][number]; mayEdit: boolean }) {
  const toggle = useFetcher();
  return (
    <tr className="border-b border-slate-100 last:border-b-0">
      <td className={cell}>
        <span className="font-medium">{rule.name}</span>
        <br />
        <span className="text-xs text-slate-500">{rule.kind}</span>
      </td>
      <td className={cell}>
        {rule.description}
        <br />
        <span className="text-xs text-slate-500">{rule.timing}</span>
      </td>
      <td className={cell}>{rule.webhooks.length === 0 ? "no webhook" : rule.webhooks.join(", ")}</td>
      <td className={cell}>
        {rule.enabled ? (
          <span>
            <span aria-hidden="true">● </span>enabled
          </span>
        ) : (
          <span className="text-slate-500">
            <span aria-hidden="true">○ </span>disabled
          </span>
        )}
      </td>
      {mayEdit && (
        <td className={`${cell} whitespace-nowrap`}>
          <div className="flex items-center gap-2">
            <Link to={`/alerts?edit=${rule.id}#rule-form`} aria-label={`Edit ${rule.name}`}>
              Edit
            </Link>
            <toggle.Form method="post">
              <input type="hidden" name="intent" value="toggle" />
              <input type="hidden" name="id" value={rule.id} />
              <input type="hidden" name="enabled" value={rule.enabled ? "false" : "true"} />
              <button
                type="submit"
                className="rounded-md border border-slate-300 bg-white px-2 py-1 text-xs hover:bg-slate-50"
                aria-label={`${rule.enabled ? "Disable" : "Enable"} ${rule.name}`}
              >
                {rule.enabled ? "Disable" : "Enable"}
              </button>
            </toggle.Form>
            <ConfirmAction
              label="Delete"
              title={`Delete the rule "${rule.name}"?`}
              description="Its alerts and their history go with it; no resolved message is sent."
              intent="delete"
              fields={{ id: String(rule.id) }}
              confirmLabel="Delete rule"
            />
          </div>
        </td>
      )}
    </tr>
  );
}
