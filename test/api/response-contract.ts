import { isDeepStrictEqual } from "node:util";
import type { z } from "zod";
import { type AnyOperation, errorCodesOf } from "#app/api/operation";
import { formatPath } from "#app/api/validate";
import { errorSchema } from "#lib/contracts/errors";
import { type ErrorCode, HTTP_STATUS_BY_CODE } from "#lib/errors";

/**
 * How a response differs from what the OpenAPI document publishes for its operation: a success
 * must carry the declared status and exactly the declared response schema's shape, an error the
 * Error schema with a code the document lists for the operation. Empty when it matches.
 * `operation` is undefined for unknown paths and methods a path does not have.
 */
export function responseProblems(
  operation: AnyOperation | undefined,
  status: number,
  body: unknown,
): string[] {
  if (status < 400) {
    if (!operation) return [`${status} from a path or method that has no operation`];
    const expected = operation.status ?? 200;
    const problems = status === expected ? [] : [`status ${status}, but the operation declares ${expected}`];
    return [...problems, ...shapeProblems(operation.response, body)];
  }
  const problems = shapeProblems(errorSchema, body);
  if (problems.length > 0) return problems;
  const code = (body as z.output<typeof errorSchema>).error.code as ErrorCode;
  if (HTTP_STATUS_BY_CODE[code] !== status) return [`code ${code} with status ${status}`];
  if (operation && !errorCodesOf(operation).includes(code)) {
    return [`code ${code} is not among the operation's documented errors (${errorCodesOf(operation)})`];
  }
  return [];
}

/**
 * Parses with the schema and requires the result to be the body itself: zod drops undeclared
 * fields and fills in defaults, so either would show up as a difference.
 */
function shapeProblems(schema: z.ZodType, body: unknown): string[] {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    return parsed.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  }
  return differences(JSON.parse(JSON.stringify(parsed.data)), body, []);
}

function differences(declared: unknown, sent: unknown, path: PropertyKey[]): string[] {
  if (isDeepStrictEqual(declared, sent)) return [];
  if (isObject(declared) && isObject(sent)) {
    return [...new Set([...Object.keys(declared), ...Object.keys(sent)])].flatMap((key) => {
      if (!(key in sent)) return [`${formatPath([...path, key])}: not sent, but the schema adds it`];
      if (!(key in declared)) return [`${formatPath([...path, key])}: sent, but not in the schema`];
      return differences(declared[key], sent[key], [...path, Array.isArray(sent) ? Number(key) : key]);
    });
  }
  return [`${formatPath(path)}: the schema turns ${JSON.stringify(sent)} into ${JSON.stringify(declared)}`];
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null;
