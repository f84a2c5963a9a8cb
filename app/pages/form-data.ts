/**
 * Reading page forms for the API's zod schemas: empty fields are left out (the schema names what
 * is missing), and the schema's issues come back as one message per field path.
 */
import type { z } from "zod";
import { AppError, type ErrorDetail } from "#lib/errors";

export function formText(form: FormData, name: string): string | undefined {
  const value = form.get(name);
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

export function formNumber(form: FormData, name: string): number | undefined {
  const value = formText(form, name);
  return value === undefined ? undefined : Number(value);
}

/** One message per field path (the first issue wins), as the form shows them. */
export function fieldErrors(issues: Array<Pick<z.core.$ZodIssue, "path" | "message">> | ErrorDetail[]) {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const path = Array.isArray(issue.path) ? issue.path.join(".") : issue.path;
    errors[path] ??= issue.message;
  }
  return errors;
}

/** A form's answer when something in it must change: one message per field. */
export type FormErrors = { errors: Record<string, string> };

/** Runs a service call that validates: a refusal naming fields comes back as their messages. */
export async function withFieldErrors<T>(work: () => Promise<T>): Promise<T | FormErrors> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError && error.details?.length) return { errors: fieldErrors(error.details) };
    throw error;
  }
}

/**
 * A page form's submission through the API's own schema, then the service (`save`): the schema's
 * issues and the service's refusal both come back as messages beside their fields.
 */
export async function submitForm<Schema extends z.ZodType, T>(
  schema: Schema,
  input: unknown,
  save: (data: z.output<Schema>) => Promise<T>,
): Promise<T | FormErrors> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) return { errors: fieldErrors(parsed.error.issues) };
  return withFieldErrors(() => save(parsed.data));
}
