import { z } from "zod";
import {
  boundedNumber,
  checkProperties,
  eventNameSchema,
  ISO_DATE_TIME,
  isOutsideTimeRange,
  isStorableText,
  keySchema,
  MAX_ABS_VALUE,
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

const EVENT_FIELDS = new Set(["id", "unit", "name", "value", "timestamp", "properties"]);

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype;

const isText = (value: unknown, max: number): value is string =>
  typeof value === "string" && value.length >= 1 && value.length <= max && isStorableText(value);

/**
 * eventsBatchSchema's result for a batch whose every event is plainly valid, or undefined: then
 * the schema decides, and names what is wrong. The same checks in plain code, because zod took
 * about a fifth of the server's CPU on POST /events (`npm run bench:ingest` profile) and this
 * takes a fraction of that; the test beside it holds the two to the same answers. Anything
 * unusual (a `__proto__` property, which zod's record drops) is left to the schema.
 */
export function parsePlainEventsBatch(raw: unknown): EventsBatch | undefined {
  if (!isPlainObject(raw)) return undefined;
  const keys = Object.keys(raw);
  const items = raw.events;
  if (keys.length !== 1 || !Array.isArray(items) || items.length < 1 || items.length > MAX_BATCH_ITEMS)
    return undefined;
  const events: EventsBatch["events"] = [];
  for (const item of items) {
    const event = parsePlainEvent(item);
    if (!event) return undefined;
    events.push(event);
  }
  return { events };
}

function parsePlainEvent(item: unknown): EventsBatch["events"][number] | undefined {
  if (!isPlainObject(item)) return undefined;
  for (const key of Object.keys(item)) if (!EVENT_FIELDS.has(key)) return undefined;
  const { id, unit, name, value, timestamp, properties } = item;
  if (!isText(id, 128) || !isText(unit, 256) || !isText(name, 128)) return undefined;
  if (typeof timestamp !== "string" || !ISO_DATE_TIME.test(timestamp)) return undefined;
  const time = Date.parse(timestamp);
  if (isOutsideTimeRange(time)) return undefined;
  const event: EventsBatch["events"][number] = { id, unit, name, timestamp: new Date(time) };
  if ("value" in item) {
    if (typeof value !== "number" || !(value >= -MAX_ABS_VALUE && value <= MAX_ABS_VALUE)) return undefined;
    event.value = value;
  }
  if ("properties" in item) {
    if (!isPlainObject(properties) || Object.hasOwn(properties, "__proto__")) return undefined;
    let valid = true;
    checkProperties(properties, () => {
      valid = false;
    });
    if (!valid) return undefined;
    event.properties = properties;
  }
  return event;
}
