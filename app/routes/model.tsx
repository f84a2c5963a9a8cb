import { ModelDashboard } from "#app/components/model-dashboard";
import { page } from "#app/pages/page.server";
import type { Route } from "./+types/model";
import { modelPage, readModelQuery } from "./model.server";

export const loader = page(({ params, request }: Route.LoaderArgs, ctx) =>
  modelPage(ctx, params.key, readModelQuery(new URL(request.url))),
);

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: loaderData ? `${loaderData.model.name} · Northstar` : "Model · Northstar" },
];

export default function ModelPage({ loaderData }: Route.ComponentProps) {
  return <ModelDashboard data={loaderData} base={`/models/${loaderData.model.key}`} />;
}
