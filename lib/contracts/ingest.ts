import { z } from "zod";
import {
  boundedNumber,
  eventNameSchema,
  keySchema,
  propertiesSchema,
  text,
  timestampSchema,
  unitSchema,
} from "./common";

export const MAX_BATCH_ITEMS = 10_000;

export const assignQuerySchema = z.strictObject({
  experiment: keySchema,
  unit: unitSchema,
});

export const assignmentResponseSchema = z
  .object({ experiment: z.string(), unit: z.string(), variant: z.string() })
  .meta({ id: "Assignment" });

export const assignmentsBatchSchema = z
  .strictObject({
    assignments: z
      .array(
        z.strictObject({
          experiment: keySchema,
          unit: unitSchema,
          variant: keySchema,
          timestamp: timestampSchema,
        }),
      )
      .min(1)
      .max(MAX_BATCH_ITEMS),
  })
  .meta({ id: "AssignmentsBatch" });

export type AssignmentsBatch = z.infer<typeof assignmentsBatchSchema>;

export const assignmentsResultSchema = z
  .object({
    accepted: z.number().int().meta({ description: "New assignments recorded" }),
    duplicates: z.number().int().meta({ description: "Re-sent assignments to the same variant (no change)" }),
    conflicts: z
      .number()
      .int()
      .meta({ description: "Units already assigned to another variant: kept as conflicts" }),
  })
  .meta({ id: "AssignmentsResult" });

export const eventSchema = z.strictObject({
  id: text(128).min(1).meta({ description: "Client idempotency key: a re-sent event is not counted twice" }),
  unit: unitSchema,
  name: eventNameSchema,
  value: boundedNumber()
    .optional()
    .meta({ description: "Numeric value (default 1); a finite number within ±1e15" }),
  timestamp: timestampSchema,
  properties: propertiesSchema.optional(),
});

export const eventsBatchSchema = z
  .strictObject({ events: z.array(eventSchema).min(1).max(MAX_BATCH_ITEMS) })
  .meta({ id: "EventsBatch" });

export type EventsBatch = z.infer<typeof eventsBatchSchema>;

export const ingestResultSchema = z
  .object({ accepted: z.number().int(), duplicates: z.number().int() })
  .meta({ id: "IngestResult" });
