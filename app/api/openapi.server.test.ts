import { describe, expect, it } from "vitest";
import { z } from "zod";
import { buildDocument } from "./openapi.server";
import { operation } from "./operation";

const thing = z.object({ key: z.string() }).meta({ id: "Thing" });
const handler = async () => ({ key: "a" });

describe("the OpenAPI document built from operation declarations", () => {
  it("derives each operation's error responses from its scope, parameters, body and declared errors", () => {
    const doc = buildDocument([
      {
        path: "things/:key",
        module: "things",
        operations: {
          GET: operation({
            summary: "Get",
            scope: "ingest",
            params: z.object({ key: z.string() }),
            response: thing,
            errors: ["NOT_FOUND"],
            handler,
          }),
          PUT: operation({
            summary: "Replace",
            scope: "admin",
            params: z.object({ key: z.string() }),
            body: z.object({ name: z.string() }),
            bodyOptional: true,
            response: thing,
            status: 201,
            handler,
          }),
        },
      },
    ]);
    const item = doc.paths["/api/v1/things/{key}"] as Record<
      string,
      { responses: object; requestBody?: object }
    >;
    expect(Object.keys(item.get?.responses ?? {})).toEqual(["200", "400", "401", "404", "503"]);
    expect(Object.keys(item.put?.responses ?? {})).toEqual(["201", "400", "401", "403", "413", "415", "503"]);
    expect(item.put?.requestBody).toMatchObject({ required: false });
    expect(doc.components.schemas.Thing).toBeDefined();
  });

  it("refuses a path whose parameters the operation does not declare", () => {
    const route = {
      path: "things/:key",
      module: "things",
      operations: { GET: operation({ summary: "Get", scope: null, response: thing, handler }) },
    };
    expect(() => buildDocument([route])).toThrow("the params schema declares [], the path has [key]");
  });
});
