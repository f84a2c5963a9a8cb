import { describe, expect, it } from "vitest";
import { z } from "zod";
import { operation } from "#app/api/operation";
import { responseProblems } from "#test/api/response-contract";

const getThing = operation({
  summary: "Get a thing",
  scope: "admin",
  response: z.object({ key: z.string(), count: z.number().int(), tags: z.array(z.string()).default([]) }),
  errors: ["NOT_FOUND"],
  handler: async () => ({ key: "a", count: 1, tags: [] }),
});

describe("a response checked against its operation's published schema", () => {
  it("passes a body of exactly the declared shape", () => {
    expect(responseProblems(getThing, 200, { key: "a", count: 2, tags: ["x"] })).toEqual([]);
  });

  it("names a field of the wrong type", () => {
    expect(responseProblems(getThing, 200, { key: "a", count: "2", tags: [] })).toEqual([
      "count: Invalid input: expected number, received string",
    ]);
  });

  it("names a field the schema does not publish", () => {
    expect(responseProblems(getThing, 200, { key: "a", count: 2, tags: [], salt: "s" })).toEqual([
      "salt: sent, but not in the schema",
    ]);
  });

  it("names a field that is missing but defaulted by the schema", () => {
    expect(responseProblems(getThing, 200, { key: "a", count: 2 })).toEqual([
      "tags: not sent, but the schema adds it",
    ]);
  });

  it("refuses a success status other than the declared one", () => {
    expect(responseProblems(getThing, 201, { key: "a", count: 2, tags: [] })).toEqual([
      "status 201, but the operation declares 200",
    ]);
  });

  it("passes an error body with a documented code", () => {
    expect(responseProblems(getThing, 404, { error: { code: "NOT_FOUND", message: "No thing" } })).toEqual(
      [],
    );
    expect(responseProblems(getThing, 403, { error: { code: "FORBIDDEN", message: "admin only" } })).toEqual(
      [],
    );
  });

  it("refuses an error code the operation does not document, or one sent with another status", () => {
    expect(responseProblems(getThing, 409, { error: { code: "CONFLICT", message: "x" } })).toEqual([
      "code CONFLICT is not among the operation's documented errors (UNAUTHORIZED,FORBIDDEN,NOT_FOUND,SERVICE_UNAVAILABLE)",
    ]);
    expect(responseProblems(getThing, 400, { error: { code: "NOT_FOUND", message: "x" } })).toEqual([
      "code NOT_FOUND with status 400",
    ]);
  });

  it("refuses an error body that is not the Error schema", () => {
    expect(responseProblems(getThing, 404, { message: "not found" })).toEqual([
      "error: Invalid input: expected object, received undefined",
    ]);
    expect(
      responseProblems(getThing, 404, {
        error: { code: "NOT_FOUND", message: "x", details: [{ field: "a" }] },
      }),
    ).toEqual([
      "error.details[0].path: Invalid input: expected string, received undefined",
      "error.details[0].message: Invalid input: expected string, received undefined",
    ]);
  });

  it("refuses a success from a path or method without an operation", () => {
    expect(responseProblems(undefined, 200, {})).toEqual(["200 from a path or method that has no operation"]);
  });
});
