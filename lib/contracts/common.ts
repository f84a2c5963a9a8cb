import { z } from "zod";

/** Postgres text cannot hold NUL, and JSON cannot carry lone UTF-16 surrogates: refuse both up front. */
export function isStorableText(value: string): boolean {
  return !value.includes("\u0000") && value.isWellFormed();
}

/** A string Postgres can store, of at most `max` characters. */
export const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine(isStorableText, { message: "must not contain NUL characters or unpaired surrogates" });

/**
 * The largest magnitude accepted for a number the jobs sum (event values, prediction scores,
 * numeric features, labels). Sums of squares and cross-products of such values over billions of
 * rows stay far inside float8 (≈ 1.8e308), and integers up to it are exact in a double
 * (2^53 ≈ 9e15): revenue in cents up to ten trillion dollars. A value beyond it is a unit bug or
 * garbage, and one such value, squared, used to overflow every later results run.
 */
export const MAX_ABS_VALUE = 1e15;

/** A finite number within ±MAX_ABS_VALUE (zod 4's number already refuses NaN and ±Infinity). */
export const boundedNumber = () =>
  z
    .number()
    .min(-MAX_ABS_VALUE, "must be a number within ±1e15")
    .max(MAX_ABS_VALUE, "must be a number within ±1e15");

/** Keys of experiments, variants and metrics. */
export const keySchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, "must match [a-z0-9][a-z0-9_-]{0,63}")
  .meta({
    description: "Lower-case identifier: letters, digits, '_' and '-', 1–64 characters",
    example: "new-ranker",
  });

/** Units (users, sessions, …) are opaque client identifiers. */
export const unitSchema = text(256)
  .min(1)
  .meta({ description: "The randomisation unit's id, e.g. a user id" });

/** Event names, e.g. `click`, `apply`. */
export const eventNameSchema = text(128)
  .min(1)
  .meta({ description: "Event name, e.g. 'impression', 'click', 'apply'" });

// Data older than this or later than a day ahead is a client clock or unit bug (ms vs s), not data.
export const EARLIEST_TIMESTAMP = Date.UTC(2000, 0, 1);
export const MAX_FUTURE_MS = 24 * 3600 * 1000;

/** An ISO-8601 timestamp with a zone, within 2000-01-01 … now + 24 h; parsed to a Date. */
export const timestampSchema = z
  .string()
  .meta({
    description: "ISO-8601 date-time with a time zone, e.g. 2026-11-25T10:00:00Z",
    format: "date-time",
  })
  .pipe(z.iso.datetime({ offset: true, message: "must be an ISO-8601 date-time with a time zone" }))
  .transform((value, ctx) => {
    const time = Date.parse(value);
    if (time < EARLIEST_TIMESTAMP || time > Date.now() + MAX_FUTURE_MS) {
      ctx.addIssue({ code: "custom", message: "must be between 2000-01-01 and 24 hours from now" });
      return z.NEVER;
    }
    return new Date(time);
  });

/**
 * Free-form JSON properties. Checked by a walk rather than a recursive zod union so that an error
 * names the exact nested field (`properties.items[2].price`) and the reason.
 */
export const propertiesSchema = z
  .record(z.string(), z.unknown())
  .superRefine((value, ctx) => {
    const stack: Array<{ v: unknown; path: Array<string | number> }> = [{ v: value, path: [] }];
    while (stack.length > 0) {
      const { v, path } = stack.pop() as { v: unknown; path: Array<string | number> };
      if (typeof v === "number" && !Number.isFinite(v)) {
        ctx.addIssue({ code: "custom", path, message: "must be a finite number" });
      } else if (typeof v === "string" && (v.length > 10_000 || !isStorableText(v))) {
        ctx.addIssue({
          code: "custom",
          path,
          message: "must be a storable string of at most 10000 characters",
        });
      } else if (Array.isArray(v)) {
        v.forEach((item, i) => {
          stack.push({ v: item, path: [...path, i] });
        });
      } else if (v !== null && typeof v === "object") {
        for (const [key, item] of Object.entries(v)) {
          if (key.length > 256 || !isStorableText(key)) {
            ctx.addIssue({
              code: "custom",
              path: [...path, key],
              message: "property name is too long or not storable",
            });
          }
          stack.push({ v: item, path: [...path, key] });
        }
      }
    }
  })
  .meta({ description: "Free-form event properties (a JSON object)" });
