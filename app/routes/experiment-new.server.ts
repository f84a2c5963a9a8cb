/** The new-experiment form: the metric library to choose from, and creation with field-level errors. */
import type { AppContext } from "#app/server/context.server";
import { createExperiment } from "#app/services/experiments.server";
import { listMetrics } from "#app/services/metrics.server";
import { experimentInputFromForm } from "#app/pages/experiment-form";
import { type FormErrors, submitForm } from "#app/pages/form-data";
import { experimentCreateSchema } from "#lib/contracts/experiments";

export async function newExperimentForm(ctx: AppContext) {
  const metrics = await listMetrics(ctx.db);
  return { metrics: metrics.map((m) => ({ key: m.key, name: m.name, type: m.type })) };
}

/** Creates the experiment, or answers with a message per field (from the API's schema or the service). */
export async function createFromForm(
  ctx: AppContext,
  form: FormData,
): Promise<{ created: string } | FormErrors> {
  return submitForm(experimentCreateSchema, experimentInputFromForm(form), async (experiment) => ({
    created: (await createExperiment(ctx.db, experiment, ctx.now())).key,
  }));
}
