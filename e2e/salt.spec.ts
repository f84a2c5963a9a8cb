import { expect, test } from "@playwright/test";
import { auth } from "./api";

// The bucketing salt lets anyone predict assignments: the API shows it to admin keys only, and
// no page may send it to the browser, neither in its HTML nor in its single-fetch data.
const PAGES = ["/", "/experiments", "/experiments/job-ranker-v2", "/metrics", "/models", "/jobs"];

/** React Router 7's single-fetch data URL (v8_trailingSlashAwareDataRequests: `/` → `/_.data`). */
const dataUrl = (path: string) => (path === "/" ? "/_.data" : `${path}.data`);

test("no page sends an experiment's salt to the browser, in its HTML or its data", async ({ request }) => {
  const experiment = await (await request.get("/api/v1/experiments/job-ranker-v2", { headers: auth })).json();
  const salt: string = experiment.salt;
  expect(salt.length).toBeGreaterThan(8);

  for (const path of PAGES) {
    const html = await request.get(path);
    expect(html.status(), path).toBe(200);
    expect(await html.text(), `${path} HTML`).not.toContain(salt);

    const data = await request.get(dataUrl(path));
    expect(data.status(), dataUrl(path)).toBe(200);
    const body = await data.text();
    expect(body.length, dataUrl(path)).toBeGreaterThan(50);
    expect(body, `${dataUrl(path)} data`).not.toContain(salt);
  }
});
