import { page } from "#app/pages/page.server";
import { formatDay } from "#app/ui/format";
import { TableHead } from "#app/components/table-head";
import type { Route } from "./+types/models";
import { modelsPage } from "./models.server";

export const loader = page((_: Route.LoaderArgs, ctx) => modelsPage(ctx));

export const meta: Route.MetaFunction = () => [{ title: "Models · Northstar" }];

export default function Models({ loaderData }: Route.ComponentProps) {
  const { models } = loaderData;
  return (
    <>
      <h1>Models</h1>
      <p className="mt-1 text-sm text-slate-500">
        Monitored models. Drift and performance per version are in the API (
        <code>GET /api/v1/models/&#123;key&#125;/drift</code>, <code>…/performance</code>).
      </p>
      <table className="mt-4 w-full rounded-lg border border-slate-200 bg-white text-sm">
        <TableHead columns={["Model", "Task", "Description", "Registered"]} />
        <tbody>
          {models.map((m) => (
            <tr key={m.key} className="border-b border-slate-100 last:border-b-0">
              <td className="px-4 py-2">
                <div className="font-medium">{m.name}</div>
                <div className="text-xs text-slate-500">{m.key}</div>
              </td>
              <td className="px-4 py-2">{m.task}</td>
              <td className="px-4 py-2">{m.description}</td>
              <td className="px-4 py-2 tabular-nums">{formatDay(m.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
