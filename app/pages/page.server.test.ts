import { describe, expect, it } from "vitest";
import { AppError } from "#lib/errors";
import { toPageError } from "./page.server";

type DataResponse = { data: unknown; init: { status: number } };

describe("toPageError", () => {
  it("gives a domain error its code's status and a message for people", () => {
    const notFound = toPageError(new AppError("NOT_FOUND", 'No experiment with key "x"')) as DataResponse;
    expect(notFound.init.status).toBe(404);
    expect(notFound.data).toEqual({ code: "NOT_FOUND", message: 'No experiment with key "x"' });
    expect((toPageError(new AppError("FORBIDDEN", "admins only")) as DataResponse).init.status).toBe(403);
    expect((toPageError(new AppError("CONFLICT", "already stopped")) as DataResponse).init.status).toBe(409);
  });

  it("leaves internal errors and bugs alone, so they become a logged 500", () => {
    const internal = new AppError("INTERNAL", "database password is wrong");
    expect(toPageError(internal)).toBe(internal);
    const bug = new TypeError("x is undefined");
    expect(toPageError(bug)).toBe(bug);
  });
});
