import { z } from "zod";

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: "Machine-readable code, e.g. VALIDATION_FAILED" }),
      message: z.string(),
      details: z
        .array(z.object({ path: z.string().meta({ example: "events[3].timestamp" }), message: z.string() }))
        .optional(),
    }),
  })
  .meta({ id: "Error" });

export const healthSchema = z
  .object({ status: z.literal("ok"), database: z.enum(["postgres", "pglite"]), time: z.string() })
  .meta({ id: "Health" });
