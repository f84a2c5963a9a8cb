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

/** At most this many attributes per assignment: they are breakdown dimensions, not a profile. */
export const MAX_ASSIGNMENT_ATTRIBUTES = 10;

/** A dimension name: what an experiment lists in `settings.dimensions` and an assignment carries. */
export const attributeKeySchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,31}$/, "must match [a-z][a-z0-9_]{0,31}")
  .meta({ description: "Attribute name, e.g. country, platform", example: "platform" });

/** Low-cardinality attributes known when the unit is assigned (country, platform, new/returning). */
export const assignmentAttributesSchema = z
  .record(attributeKeySchema, text(64).min(1))
  .refine((a) => Object.keys(a).length <= MAX_ASSIGNMENT_ATTRIBUTES, {
    message: `at most ${MAX_ASSIGNMENT_ATTRIBUTES} attributes`,
  })
  .meta({
    description:
      "Up to 10 string attributes known at assignment time (values 1–64 characters), e.g. { platform: 'ios', country: 'FR' }; experiments break results down by the ones they list in settings.dimensions. The first assignment's attributes are kept.",
    example: { platform: "ios", country: "FR" },
  });

export const assignQuerySchema = z.strictObject({
  experiment: keySchema,
  unit: unitSchema,
  attributes: assignmentAttributesSchema
    .optional()
    .meta({ description: "As attributes[platform]=ios&attributes[country]=FR (≤ 10)" }),
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
          attributes: assignmentAttributesSchema.optional(),
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
