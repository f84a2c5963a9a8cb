import { page } from "#app/pages/page.server";
import { toCsv } from "#app/pages/results-export";
import { notFound } from "#lib/errors";
import type { Route } from "./+types/experiment-export";
import { resultsExport } from "./experiment-export.server";

/** GET /experiments/:key/export/csv|json: the results table as a file (docs/results-export.md). */
export const loader = page("experiment-export", async ({ params }: Route.LoaderArgs, ctx) => {
  if (params.format !== "csv" && params.format !== "json")
    throw notFound(`No export format "${params.format}"`);
  const exported = await resultsExport(ctx, params.key);
  const filename = `${params.key}-results-${exported.asOf.slice(0, 10)}.${params.format}`;
  const headers = { "content-disposition": `attachment; filename="${filename}"` };
  return params.format === "csv"
    ? new Response(toCsv(exported.rows), {
        headers: { ...headers, "content-type": "text/csv; charset=utf-8" },
      })
    : Response.json(exported, { headers });
});
