import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, drivers, startTestApp } from "#test/harness";
import { loader as modelLoader } from "./model";
import { loader as versionLoader } from "./model-version";
import { loader as modelsLoader } from "./models";

type ModelArgs = Parameters<typeof modelLoader>[0];
type VersionArgs = Parameters<typeof versionLoader>[0];

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error,
  );

describe.each(drivers)("model page loaders (%s)", (driver) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(driver);
    await app.api("POST", "/api/v1/models", {
      body: { key: "fresh", name: "Fresh model", task: "binary_classification" },
    });
  });
  afterAll(() => app.stop());

  it("answers an unknown model or version with a 404 the error boundary renders", async () => {
    const model = {
      params: { key: "nope" },
      request: app.pageRequest("http://localhost/models/nope"),
    } as ModelArgs;
    expect(await rejection(modelLoader(model))).toMatchObject({
      init: { status: 404 },
      data: { code: "NOT_FOUND", message: 'No model with key "nope"' },
    });
    const version = {
      params: { key: "fresh", version: "v9" },
      request: app.pageRequest("http://localhost/models/fresh/versions/v9"),
    } as VersionArgs;
    expect(await rejection(versionLoader(version))).toMatchObject({
      init: { status: 404 },
      data: { message: 'Model "fresh" has no version "v9"' },
    });
  });

  it("shows a model without predictions as having no data, with every chart of its task empty", async () => {
    const args = {
      params: { key: "fresh" },
      request: app.pageRequest("http://localhost/models/fresh?days=7"),
    } as ModelArgs;
    const data = await modelLoader(args);
    expect(data.query).toEqual({ version: null, days: 7, feature: null });
    expect(data.health.kind).toBe("no-data");
    expect(data.metrics.map((m) => m.metric)).toEqual([
      "auc",
      "log_loss",
      "brier",
      "ece",
      "precision",
      "recall",
      "f1",
    ]);
    expect(data.metrics.every((m) => m.points.length === 0)).toBe(true);
    expect(data.drift).toEqual([]);
    const list = await modelsLoader({ request: app.pageRequest("http://localhost/models") } as Parameters<
      typeof modelsLoader
    >[0]);
    expect(list.models.find((m) => m.key === "fresh")?.health.kind).toBe("no-data");
  });
});
