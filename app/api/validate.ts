import type { z } from "zod";
import { type ErrorDetail, invalidInput } from "#lib/errors";

/** Formats a zod issue path the way clients write it: `events[3].properties.plan`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || "(root)";
}

/** Parses with a zod schema, or throws a 400 that lists every invalid field. */
export function validate<S extends z.ZodType>(schema: S, input: unknown, what = "request body"): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details: ErrorDetail[] = result.error.issues.flatMap((issue) =>
    // zod reports unknown fields once for their parent; point at each field instead.
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: "unknown field" }))
      : [{ path: formatPath(issue.path), message: messageOf(issue) }],
  );
  throw invalidInput(`Invalid ${what}: ${details.length} problem${details.length === 1 ? "" : "s"}`, details);
}

/** A record key's own reason ("must match …") rather than zod's generic "Invalid key in record". */
function messageOf(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_key") return issue.issues[0]?.message ?? issue.message;
  return issue.message;
}
