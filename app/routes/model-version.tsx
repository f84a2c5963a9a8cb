import { ModelDashboard } from "#app/components/model-dashboard";
import { page } from "#app/pages/page.server";
import type { Route } from "./+types/model-version";
import { modelPage, readModelQuery } from "./model.server";

export const loader = page("model-version", ({ params, request }: Route.LoaderArgs, ctx) =>
  modelPage(ctx, params.key, readModelQuery(new URL(request.url), params.version)),
);

export const meta: Route.MetaFunction = ({ loaderData }) => [
  {
    title: loaderData
      ? `${loaderData.model.name} ${loaderData.query.version ?? ""} · Northstar`
      : "Model version · Northstar",
  },
];

/** One version's views: the link the experiment page uses for an arm's model version. */
export default function ModelVersionPage({ loaderData, params }: Route.ComponentProps) {
  return (
    <ModelDashboard
      data={loaderData}
      base={`/models/${loaderData.model.key}/versions/${encodeURIComponent(params.version)}`}
    />
  );
}
