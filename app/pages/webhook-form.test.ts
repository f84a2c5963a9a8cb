import { describe, expect, it } from "vitest";
import { fieldErrors } from "#app/pages/form-data";
import { webhookCreateSchema } from "#lib/contracts/webhooks";
import { createdWebhookNotice, webhookInputFromForm } from "./webhook-form";

function form(entries: Array<[string, string]>) {
  const data = new FormData();
  for (const [k, v] of entries) data.append(k, v);
  return data;
}

describe("webhook form", () => {
  it("reads the fields as the API's create body, trimmed", () => {
    const body = webhookInputFromForm(
      form([
        ["intent", "create"],
        ["url", "  https://hooks.example.com/northstar "],
        ["format", "slack"],
        ["description", "on-call"],
      ]),
    );
    expect(body).toEqual({
      url: "https://hooks.example.com/northstar",
      format: "slack",
      description: "on-call",
    });
    expect(webhookCreateSchema.safeParse(body).success).toBe(true);
  });

  it("leaves empty fields out, so the schema's default format applies", () => {
    const body = webhookInputFromForm(
      form([
        ["url", "https://hooks.example.com/x"],
        ["description", " "],
      ]),
    );
    expect(body).toEqual({ url: "https://hooks.example.com/x" });
    expect(webhookCreateSchema.parse(body)).toEqual({
      url: "https://hooks.example.com/x",
      format: "standard",
    });
  });

  it("lets the schema name a missing URL and a wrong format beside their fields", () => {
    const parsed = webhookCreateSchema.safeParse(webhookInputFromForm(form([["format", "teams"]])));
    expect(parsed.success).toBe(false);
    expect(Object.keys(fieldErrors(parsed.error?.issues ?? [])).sort()).toEqual(["format", "url"]);
  });

  it("shows a standard webhook's secret and keeps a Slack one's back", () => {
    const created = { url: "https://h.example/x", description: null, secret: "whsec_abc" };
    expect(createdWebhookNotice({ ...created, format: "standard" })).toEqual({
      label: "https://h.example/x",
      secret: "whsec_abc",
    });
    expect(createdWebhookNotice({ ...created, format: "slack", description: "#alerts" })).toEqual({
      label: "#alerts",
      secret: null,
    });
  });
});
