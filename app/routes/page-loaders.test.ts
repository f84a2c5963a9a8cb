import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getContext } from "#app/server/context.server";
import { createStandardMetrics, runningExperiment } from "#test/fixtures";
import { type TestApp, drivers, startTestApp } from "#test/harness";
import { loader as experimentLoader } from "./experiment";
import { experimentPage } from "./experiment.server";
import { experimentsListPage } from "./experiments.server";
import { overviewPage } from "./overview.server";

describe.each(drivers)("page loaders (%s)", (driver) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(driver);
    await createStandardMetrics(app);
    await runningExperiment(app, "page-test");
  });
  afterAll(() => app.stop());

  it("answers a missing experiment with a 404 the error boundary renders, not a 500", async () => {
    const args = {
      params: { key: "no-such-experiment" },
      request: app.pageRequest("http://localhost/experiments/no-such-experiment"),
    } as Parameters<typeof experimentLoader>[0];
    const thrown = await experimentLoader(args).then(
      () => null,
      (error: unknown) => error,
    );
    expect(thrown).toMatchObject({
      init: { status: 404 },
      data: { code: "NOT_FOUND", message: 'No experiment with key "no-such-experiment"' },
    });
  });

  it("never puts an experiment's salt in a page's data", async () => {
    const { body } = await app.api("GET", "/api/v1/experiments/page-test");
    expect(body.salt).toEqual(expect.any(String));
    const ctx = await getContext();
    const views = [
      await overviewPage(ctx, "http://localhost"),
      await experimentsListPage(ctx, new URL("http://localhost/experiments")),
      await experimentPage(ctx, "page-test", "http://localhost"),
    ];
    for (const view of views) {
      const text = JSON.stringify(view);
      expect(text).toContain("page-test");
      expect(text).not.toContain(body.salt);
    }
  });

  it("teaches an experiment without results what to send, with curl against the page's own base URL", async () => {
    const ctx = await getContext();
    const { examples } = await experimentPage(ctx, "page-test", "http://dash.example:8080");
    expect(examples?.assign).toContain("curl -X POST http://dash.example:8080/api/v1/assignments");
    expect(examples?.assign).toContain('"experiment":"page-test"');
    expect(examples?.events).toContain("http://dash.example:8080/api/v1/events");
    const sent = JSON.parse(examples?.assign.split("-d '")[1]?.slice(0, -1) ?? "{}");
    expect(new Date(sent.assignments[0].timestamp).getTime()).toBeLessThanOrEqual(ctx.now().getTime());
  });
});
