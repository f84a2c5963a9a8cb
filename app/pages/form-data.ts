/**
 * Reading page forms for the API's zod schemas: empty fields are left out (the schema names what
 * is missing), and the schema's issues come back as one message per field path.
 */
import type { z } from "zod";
import type { ErrorDetail } from "#lib/errors";

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
