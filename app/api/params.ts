import { z } from "zod";

// Path parameters are looked up, not validated: an ill-formed key is simply not found (404).
export const experimentKeyParams = z.object({ key: z.string().meta({ description: "Experiment key" }) });
export const modelKeyParams = z.object({ key: z.string().meta({ description: "Model key" }) });
export const webhookIdParams = z.object({ id: z.string().meta({ description: "Webhook id (a UUID)" }) });
