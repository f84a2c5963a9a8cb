/** The monitored models, as the models page lists them (their own pages come with the monitoring issue). */
import type { AppContext } from "#app/server/context.server";
import { listModels } from "#app/services/models.server";

export async function modelsPage(ctx: AppContext) {
  const models = await listModels(ctx.db);
  return {
    models: models.map((m) => ({
      key: m.key,
      name: m.name,
      task: m.task,
      description: m.description,
      createdAt: m.createdAt,
    })),
  };
}
