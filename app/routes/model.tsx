import { ModelDashboard } from "#app/components/model-dashboard";
import { page } from "#app/pages/page.server";
import type { Route } from "./+types/model";
import { invalidInput } from "#lib/errors";
import { modelPage, readModelQuery, saveDriftSettings } from "./model.server";

export const loader = page("model", ({ params, request }: Route.LoaderArgs, ctx) =>
  modelPage(ctx, params.key, readModelQuery(new URL(request.url))),
);

export const action = page("model", async ({ params, request }: Route.ActionArgs, ctx) => {
  const form = await request.formData();
  if (form.get("intent") !== "drift-settings")
    throw invalidInput(`Unknown action "${String(form.get("intent"))}"`);
  return saveDriftSettings(ctx, params.key, form);
});

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: loaderData ? `${loaderData.model.name} · Northstar` : "Model · Northstar" },
];

export default function ModelPage({ loaderData }: Route.ComponentProps) {
  return <ModelDashboard data={loaderData} base={`/models/${loaderData.model.key}`} />;
}
