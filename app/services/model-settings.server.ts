import type { DbHandle } from "#db/client";
import { updateModelDriftConfig } from "#db/queries/model-settings";
import { notFound } from "#lib/errors";
import type { DriftConfigDocument, ModelView } from "#lib/contracts/models";
import { toModelView } from "./models.server";

/**
 * Replaces a model's drift settings (an empty config means the defaults). The drift job keys its
 * stored references by the config, so its next run recomputes every window under the new one.
 */
export async function setDriftConfig(
  handle: DbHandle,
  key: string,
  config: DriftConfigDocument,
): Promise<ModelView> {
  const row = await updateModelDriftConfig(handle, key, Object.keys(config).length > 0 ? config : null);
  if (!row) throw notFound(`No model with key "${key}"`);
  return toModelView(row);
}
