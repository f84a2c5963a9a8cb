/**
 * The add-webhook form's fields ⇄ the API's create body (`webhookCreateSchema`). Field names are
 * the body's keys, so the schema's issues and the service's URL-guard refusal land beside their
 * fields. Empty fields are left out: the schema then applies its default format or names what is
 * missing, as it does for an API call.
 */
import { formText } from "./form-data";

export function webhookInputFromForm(form: FormData): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const field of ["url", "format", "description"] as const) {
    const value = formText(form, field);
    if (value !== undefined) input[field] = value;
  }
  return input;
}

/** What the page says once a webhook is added; its secret exists only in this one response. */
export function createdWebhookNotice(created: {
  url: string;
  format: string;
  description: string | null;
  secret: string;
}) {
  return {
    label: created.description ?? created.url,
    // Slack does not verify signatures (its URL is the secret), so its secret would only confuse.
    secret: created.format === "slack" ? null : created.secret,
  };
}
