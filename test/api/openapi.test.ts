import { afterAll, beforeAll, describe, expect, it } from "vitest";
import routes from "#app/routes";
import { drivers, startTestApp, type TestApp } from "#test/harness";

type Entry = { path?: string; children?: Entry[] };

describe.each(drivers)("OpenAPI document on %s", (driver) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(driver);
  });
  afterAll(() => app.stop());

  it("is public OpenAPI 3.1 and documents every API route", async () => {
    const res = await app.api("GET", "/api/v1/openapi.json", { key: null });
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe("3.1.0");
    const documented = Object.keys(res.body.paths);
    const routed = (routes as unknown as Entry[])
      .map((r) => r.path)
      .filter((p): p is string => !!p && p.startsWith("api/v1/") && !p.endsWith("*"))
      .map((p) => `/${p.replace(/:(\w+)/g, "{$1}")}`);
    expect(documented.sort()).toEqual([...new Set(routed)].sort());
  });

  it("describes request bodies with the validating schemas, including constraints", async () => {
    const res = await app.api("GET", "/api/v1/openapi.json", { key: null });
    const schemas = res.body.components.schemas;
    const resolve = (schema: { $ref?: string }) =>
      schema.$ref ? schemas[schema.$ref.replace("#/components/schemas/", "")] : schema;
    const events = resolve(
      res.body.paths["/api/v1/events"].post.requestBody.content["application/json"].schema,
    );
    expect(events.properties.events.maxItems).toBe(10_000);
    expect(events.properties.events.items.required).toEqual(
      expect.arrayContaining(["id", "unit", "name", "timestamp"]),
    );
    expect(events.properties.events.items.properties.id.maxLength).toBe(128);
    const experiment = resolve(
      res.body.paths["/api/v1/experiments"].post.requestBody.content["application/json"].schema,
    );
    expect(experiment.properties.variants.minItems).toBe(2);
    expect(experiment.properties.variants.maxItems).toBe(10);
    expect(res.body.paths["/api/v1/events"].post["x-required-scope"]).toBe("ingest");
    // Every $ref in the document resolves.
    const refs = JSON.stringify(res.body).match(/"#\/components\/schemas\/[^"]+"/g) ?? [];
    for (const ref of refs) expect(schemas[ref.slice(22, -1)], ref).toBeDefined();
  });
});
