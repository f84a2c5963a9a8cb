import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { silentLogger } from "#lib/log";
import { modelDriftJob } from "#jobs/model-drift";
import { modelPerformanceJob } from "#jobs/model-performance";
import { modelSnapshots } from "#app/services/model-dashboard.server";
import { drivers, startTestApp, type TestApp } from "#test/harness";

const paths = (res: { body: { error: { details: Array<{ path: string }> } } }) =>
  res.body.error.details.map((d) => d.path);

describe.each(drivers)("models API on %s", (driver) => {
  let app: TestApp;
  const ago = (hours: number) => new Date(Date.now() - hours * 3600_000).toISOString();
  const prediction = (id: string, extra: Record<string, unknown> = {}) => ({
    id,
    model: "churn",
    version: "v1",
    timestamp: ago(1),
    score: 0.7,
    features: { age: 31, plan: "pro", mobile: true, referrer: null },
    ...extra,
  });
  const count = async (table: "predictions" | "labels" | "model_versions") =>
    (await app.db.handle.rows<{ n: number }>(sql`select count(*)::int as n from ${sql.raw(table)}`))[0]?.n ??
    -1;
  const postPredictions = (predictions: unknown[]) =>
    app.api("POST", "/api/v1/predictions", { key: app.ingestKey, body: { predictions } });
  const postLabels = (labels: unknown[]) =>
    app.api("POST", "/api/v1/labels", { key: app.ingestKey, body: { labels } });

  /** Registers churn (binary, with a drift config), price (regression) and search (ranking), in that order. */
  const registerModels = async () => {
    const answers = [];
    for (const body of [
      {
        key: "churn",
        name: "Churn classifier",
        task: "binary_classification",
        description: "Predicts churn within 30 days",
        driftConfig: { thresholds: { psi: 0.2 }, features: { age: { method: "psi", bins: 20 } } },
      },
      { key: "price", name: "price", task: "regression" },
      { key: "search", name: "search", task: "ranking" },
    ]) {
      answers.push(await app.api("POST", "/api/v1/models", { body }));
    }
    return answers;
  };
  /** Churn v1 (one of them 5 hours old) and v2, one ranked search item, one price. */
  const firstBatch = () => [
    prediction("p1", { timestamp: ago(5) }),
    prediction("p2"),
    prediction("p3", { version: "v2", features: undefined }),
    prediction("s1", { model: "search", query: "q1", item: "job-1", rank: 1, score: 3.2 }),
    prediction("r1", { model: "price", score: 120.5, unit: "u1" }),
  ];
  /** The models and the first batch, plus `extra` predictions. */
  const storePredictions = async (extra: unknown[] = []) => {
    await registerModels();
    expect((await postPredictions([...firstBatch(), ...extra])).status).toBe(200);
  };
  /** The models, the first batch and p4 (churn v1), and a label for each but p3. */
  const storeLabels = async () => {
    await storePredictions([prediction("p4")]);
    const labels = await postLabels([
      { predictionId: "p1", label: 0 },
      { predictionId: "p2", label: 0, timestamp: ago(0.5) },
      { predictionId: "p4", label: 1 },
      { predictionId: "r1", label: 118.25 },
      { predictionId: "s1", label: 3 },
    ]);
    expect(labels.status).toBe(200);
  };
  /**
   * Gives churn v1 a reference window holding today's predictions and runs the drift and
   * performance jobs three days on, so the windows after the reference are empty.
   */
  const computeSnapshots = async () => {
    const reference = { from: ago(72), to: ago(-0.1) };
    const answer = await app.api("PUT", "/api/v1/models/churn/versions/v1/reference", { body: reference });
    const ctx = { db: app.db.handle, now: new Date(Date.now() + 3 * 86400_000), log: silentLogger };
    await modelDriftJob.run({ ...ctx, target: { model: "churn" } });
    await modelPerformanceJob.run(ctx);
    return answer;
  };

  beforeAll(async () => {
    app = await startTestApp(driver);
  });
  // Each test starts without models and sets up what it needs; the API keys stay.
  beforeEach(async () => {
    await app.db.handle.db.execute(
      sql`truncate models, model_versions, predictions, labels, drift_snapshots, performance_snapshots restart identity`,
    );
  });
  afterAll(() => app.stop());

  describe("models", () => {
    it("registers models and lists them", async () => {
      const [created, ...others] = await registerModels();
      expect(created?.status).toBe(201);
      expect(created?.body).toMatchObject({
        key: "churn",
        task: "binary_classification",
        driftConfig: { thresholds: { psi: 0.2 }, features: { age: { method: "psi", bins: 20 } } },
      });
      expect(others.map((answer) => answer.status)).toEqual([201, 201]);
      const list = await app.api("GET", "/api/v1/models");
      expect(list.body.models.map((m: { key: string }) => m.key)).toEqual(["churn", "price", "search"]);
    });

    it("refuses a duplicate key with 409 and invalid definitions with field paths", async () => {
      await registerModels();
      const dup = await app.api("POST", "/api/v1/models", {
        body: { key: "churn", name: "x", task: "regression" },
      });
      expect(dup.status).toBe(409);
      const bad = await app.api("POST", "/api/v1/models", {
        body: {
          key: "Bad Key",
          name: "",
          task: "clustering",
          driftConfig: { method: "magic", thresholds: { ks: 2 }, features: { age: { bins: 1 } }, extra: 1 },
        },
      });
      expect(bad.status).toBe(400);
      expect(paths(bad)).toEqual(
        expect.arrayContaining([
          "key",
          "name",
          "task",
          "driftConfig.method",
          "driftConfig.thresholds.ks",
          "driftConfig.features.age.bins",
          "driftConfig.extra",
        ]),
      );
    });

    it("needs an admin key", async () => {
      expect((await app.api("GET", "/api/v1/models", { key: app.ingestKey })).status).toBe(403);
      expect((await app.api("GET", "/api/v1/models", { key: null })).status).toBe(401);
      expect((await app.api("GET", "/api/v1/models/nope")).status).toBe(404);
    });
  });

  describe("predictions", () => {
    it("accepts a batch and creates versions on first sight", async () => {
      await registerModels();
      const res = await postPredictions(firstBatch());
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ accepted: 5, duplicates: 0 });
      const model = await app.api("GET", "/api/v1/models/churn");
      expect(
        model.body.versions.map((v: { version: string; predictions: number }) => [v.version, v.predictions]),
      ).toEqual([
        ["v1", 2],
        ["v2", 1],
      ]);
      const v1 = model.body.versions[0];
      // Default reference window: the first 7 days from the first prediction.
      expect(v1.reference).toEqual({
        from: v1.firstPredictionAt,
        to: new Date(Date.parse(v1.firstPredictionAt) + 7 * 86400_000).toISOString(),
        default: true,
      });
      const stored = await app.db.handle.rows<{ features: unknown; rank: number | null }>(
        sql`select features, rank from predictions where id in ('p1', 's1') order by id`,
      );
      const features = stored[0]?.features;
      expect(typeof features === "string" ? JSON.parse(features) : features).toEqual({
        age: 31,
        plan: "pro",
        mobile: true,
        referrer: null,
      });
      expect(stored[1]?.rank).toBe(1);
    });

    it("stores a re-sent prediction once, within and across batches", async () => {
      await storePredictions();
      const res = await postPredictions([
        prediction("p1"),
        prediction("p4"),
        prediction("p4", { score: 0.1 }),
      ]);
      expect(res.body).toEqual({ accepted: 1, duplicates: 2 });
      const [row] = await app.db.handle.rows<{ score: number }>(
        sql`select score from predictions where id = 'p4'`,
      );
      expect(Number(row?.score)).toBe(0.7);
    });

    it("rejects the whole batch for an unknown model, naming each item", async () => {
      await storePredictions();
      const before = await count("predictions");
      const res = await postPredictions([
        prediction("u1"),
        prediction("u2", { model: "nope" }),
        prediction("u3", { model: "other" }),
      ]);
      expect(res.status).toBe(400);
      expect(paths(res)).toEqual(["predictions[1].model", "predictions[2].model"]);
      expect(await count("predictions")).toBe(before);
    });

    it("rejects invalid features, non-finite scores and task violations with item paths", async () => {
      await storePredictions();
      const before = await count("predictions");
      const versionsBefore = await count("model_versions");
      const tooMany = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`f${i}`, i]));
      const res = await app.api("POST", "/api/v1/predictions", {
        key: app.ingestKey,
        raw: JSON.stringify({
          predictions: [
            prediction("b0", { features: { ["x".repeat(129)]: 1 } }),
            prediction("b1", { features: { nested: { a: 1 } } }),
            prediction("b2", { features: tooMany }),
            prediction("b3", { score: 1.5 }),
            prediction("b4", { model: "search" }),
            prediction("b5", { version: "v-new", features: { list: [1, 2] } }),
          ],
        }).replace('"score":0.7,"features":{"nested"', '"score":1e999,"features":{"nested"'),
      });
      expect(res.status).toBe(400);
      expect(paths(res)).toEqual([
        `predictions[0].features.${"x".repeat(129)}`,
        "predictions[1].score",
        "predictions[1].features.nested",
        "predictions[2].features",
        "predictions[5].features.list",
      ]);
      // Task rules are checked once the shapes are valid.
      const task = await postPredictions([
        prediction("b3", { score: 1.5 }),
        prediction("b4", { model: "search" }),
      ]);
      expect(task.status).toBe(400);
      expect(paths(task)).toEqual(["predictions[0].score", "predictions[1].query"]);
      expect(await count("predictions")).toBe(before);
      expect(await count("model_versions")).toBe(versionsBefore);
    });

    it("rejects non-finite feature values and bad timestamps", async () => {
      await registerModels();
      const res = await app.api("POST", "/api/v1/predictions", {
        key: app.ingestKey,
        raw: `{"predictions":[{"id":"n1","model":"churn","version":"v1","timestamp":"${ago(1)}","score":0.5,"features":{"x":-1e999}},{"id":"n2","model":"churn","version":"v1","timestamp":"1999-01-01T00:00:00Z","score":0.5,"rank":0}]}`,
      });
      expect(res.status).toBe(400);
      expect(paths(res)).toEqual([
        "predictions[0].features.x",
        "predictions[1].timestamp",
        "predictions[1].rank",
      ]);
    });

    it("accepts a full batch of 10,000 predictions", async () => {
      await registerModels();
      const full = Array.from({ length: 10_000 }, (_, i) =>
        prediction(`full-${i}`, { version: "v3", features: { age: i % 90, plan: i % 2 ? "pro" : "free" } }),
      );
      expect((await postPredictions(full)).body).toEqual({ accepted: 10_000, duplicates: 0 });
    });

    it("answers a batch over 10,000 items with 413 and needs the ingest scope", async () => {
      const big = Array.from({ length: 10_001 }, (_, i) => prediction(`big-${i}`));
      expect((await postPredictions(big)).status).toBe(413);
      const anonymous = await app.api("POST", "/api/v1/predictions", {
        key: null,
        body: { predictions: [] },
      });
      expect(anonymous.status).toBe(401);
    });
  });

  describe("labels", () => {
    it("accepts labels and replaces a re-sent one", async () => {
      await storePredictions([prediction("p4")]);
      const first = await postLabels([
        { predictionId: "p1", label: 1 },
        { predictionId: "p2", label: 0, timestamp: ago(0.5) },
        { predictionId: "r1", label: 118.25 },
        { predictionId: "s1", label: 3 },
      ]);
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ accepted: 4, updated: 0 });
      const again = await postLabels([
        { predictionId: "p1", label: 0 },
        { predictionId: "p4", label: 0 },
        { predictionId: "p4", label: 1 },
      ]);
      expect(again.body).toEqual({ accepted: 1, updated: 2 });
      const rows = await app.db.handle.rows<{ prediction_id: string; label: number }>(
        sql`select prediction_id, label from labels order by prediction_id`,
      );
      expect(rows.map((r) => [r.prediction_id, Number(r.label)])).toEqual([
        ["p1", 0],
        ["p2", 0],
        ["p4", 1],
        ["r1", 118.25],
        ["s1", 3],
      ]);
    });

    it("rejects unknown predictions and labels that do not suit the task, writing nothing", async () => {
      await storePredictions();
      const before = await count("labels");
      const res = await postLabels([
        { predictionId: "p1", label: 1 },
        { predictionId: "ghost", label: 1 },
        { predictionId: "p2", label: 0.5 },
        { predictionId: "s1", label: -1 },
        { predictionId: "r1", label: -3.5 },
      ]);
      expect(res.status).toBe(400);
      expect(paths(res)).toEqual(["labels[1].predictionId", "labels[2].label", "labels[3].label"]);
      expect(await count("labels")).toBe(before);
      const shape = await postLabels([
        { predictionId: "p1", label: "1" },
        { predictionId: "", label: 1 },
      ]);
      expect(paths(shape)).toEqual(["labels[0].label", "labels[1].predictionId"]);
    });
  });

  describe("reference windows", () => {
    it("sets a version's reference window", async () => {
      await storePredictions();
      const window = { from: ago(48), to: ago(24) };
      const res = await app.api("PUT", "/api/v1/models/churn/versions/v1/reference", { body: window });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ version: "v1", reference: { ...window, default: false } });
      const model = await app.api("GET", "/api/v1/models/churn");
      expect(model.body.versions[0].reference).toEqual({ ...window, default: false });
    });

    it("validates the window and answers 404 for unknown models and versions", async () => {
      await storePredictions();
      const backwards = await app.api("PUT", "/api/v1/models/churn/versions/v1/reference", {
        body: { from: ago(24), to: ago(48) },
      });
      expect(backwards.status).toBe(400);
      expect(paths(backwards)).toEqual(["to"]);
      const body = { from: ago(48), to: ago(24) };
      expect((await app.api("PUT", "/api/v1/models/churn/versions/v9/reference", { body })).status).toBe(404);
      expect((await app.api("PUT", "/api/v1/models/nope/versions/v1/reference", { body })).status).toBe(404);
      expect((await app.api("GET", "/api/v1/models/churn/versions/v1/reference")).status).toBe(405);
    });
  });

  describe("drift settings", () => {
    it("replaces a model's drift config, and the next drift run judges by it", async () => {
      await storeLabels();
      const config = { method: "jensen-shannon", features: { age: { method: "psi", threshold: 0.5 } } };
      const put = await app.api("PUT", "/api/v1/models/churn/drift-config", { body: config });
      expect(put.status).toBe(200);
      expect(put.body.driftConfig).toEqual(config);
      expect((await app.api("GET", "/api/v1/models/churn")).body.driftConfig).toEqual(config);

      await computeSnapshots();
      const drift = (await app.api("GET", "/api/v1/models/churn/drift?version=v1")).body.drift;
      expect(drift.find((d: { feature: string }) => d.feature === "age")).toMatchObject({
        method: "psi",
        threshold: 0.5,
      });
      expect(drift.find((d: { feature: string }) => d.feature === "plan")).toMatchObject({
        method: "jensen-shannon",
      });

      const reset = await app.api("PUT", "/api/v1/models/churn/drift-config", { body: {} });
      expect(reset.body.driftConfig).toBeNull();
    });

    it("rejects an invalid config field by field, and an unknown model", async () => {
      await registerModels();
      const bad = await app.api("PUT", "/api/v1/models/churn/drift-config", {
        body: { method: "magic", thresholds: { ks: 2 } },
      });
      expect(bad.status).toBe(400);
      expect(paths(bad).sort()).toEqual(["method", "thresholds.ks"]);
      expect((await app.api("PUT", "/api/v1/models/nope/drift-config", { body: {} })).status).toBe(404);
      const ingest = await app.api("PUT", "/api/v1/models/churn/drift-config", {
        body: {},
        key: app.ingestKey,
      });
      expect(ingest.status).toBe(403);
    });
  });

  describe("monitoring read API", () => {
    it("lists drift and performance snapshots once the jobs have run", async () => {
      await storeLabels();
      expect((await app.api("GET", "/api/v1/models/churn/drift")).body).toEqual({ drift: [] });
      expect((await computeSnapshots()).status).toBe(200);

      const drift = await app.api("GET", "/api/v1/models/churn/drift?version=v1");
      expect(drift.status).toBe(200);
      expect(drift.body.drift.length).toBeGreaterThan(0);
      const subjects = new Set(
        drift.body.drift.map((d: { kind: string; feature: string }) => `${d.kind}:${d.feature}`),
      );
      expect(subjects).toEqual(
        new Set([
          "feature:age",
          "feature:plan",
          "feature:mobile",
          "feature:referrer",
          "score:score",
          "label:label",
        ]),
      );
      const age = drift.body.drift.find((d: { feature: string }) => d.feature === "age");
      expect(age).toMatchObject({
        version: "v1",
        kind: "feature",
        method: "psi",
        threshold: 0.2,
        drifted: false,
        referenceCount: 3,
        currentCount: 0,
        status: "NOT_ENOUGH_DATA",
      });
      expect(age).not.toHaveProperty("pValue");
      expect(Object.keys(age).sort()).toEqual(
        [
          "version",
          "feature",
          "kind",
          "method",
          "statistic",
          "threshold",
          "drifted",
          "windowStart",
          "windowEnd",
          "referenceCount",
          "currentCount",
          "status",
        ].sort(),
      );

      const perf = await app.api("GET", "/api/v1/models/churn/performance");
      expect(perf.status).toBe(200);
      const coverage = perf.body.performance.filter((p: { metric: string }) => p.metric === "label_coverage");
      expect(coverage.length).toBeGreaterThan(0);
      expect(coverage[0]).not.toHaveProperty("k");
      const ranking = await app.api("GET", "/api/v1/models/search/performance");
      const ndcg = ranking.body.performance.filter(
        (p: { metric: string; value: number | null }) => p.metric === "ndcg" && p.value !== null,
      );
      expect(ndcg.map((p: { k: number; value: number }) => [p.k, p.value])).toEqual([
        [5, 1],
        [10, 1],
      ]);
    });

    it("adds the stored histograms with include=bins and the calibration and confusion with include=details", async () => {
      await storeLabels();
      await computeSnapshots();
      const plain = (await app.api("GET", "/api/v1/models/churn/drift?version=v1")).body.drift;
      expect(plain.every((d: object) => !("bins" in d))).toBe(true);
      const drift = await app.api("GET", "/api/v1/models/churn/drift?version=v1&include=bins");
      expect(drift.status).toBe(200);
      const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
      expect(drift.body.drift.every((d: { bins?: object }) => d.bins !== undefined)).toBe(true);
      // The label is binned only where it exists; features and the score cover every reference prediction.
      for (const d of drift.body.drift.filter((x: { kind: string }) => x.kind !== "label")) {
        expect(sum(d.bins.reference.counts) + d.bins.reference.missing).toBe(d.referenceCount);
      }
      const age = drift.body.drift.find((d: { feature: string }) => d.feature === "age");
      expect(age.bins.edges.length + 1).toBe(age.bins.reference.counts.length);
      expect(age.bins.current.counts.length).toBe(age.bins.reference.counts.length);
      const plan = drift.body.drift.find((d: { feature: string }) => d.feature === "plan");
      expect(plan.bins.categories.length + 1).toBe(plan.bins.reference.counts.length);
      expect((await app.api("GET", "/api/v1/models/churn/drift?include=everything")).status).toBe(400);

      const perf = (await app.api("GET", "/api/v1/models/churn/performance?include=details")).body
        .performance;
      const ece = perf.find(
        (p: { metric: string; value: number | null }) => p.metric === "ece" && p.value !== null,
      );
      expect(ece.calibration).toHaveLength(10);
      expect(sum(ece.calibration.map((b: { count: number }) => b.count))).toBe(ece.count);
      const precision = perf.find((p: { metric: string; value: number | null }) => p.metric === "precision");
      const { tp, fp, tn, fn } = precision.confusion;
      expect(tp + fp + tn + fn).toBe(precision.count);
      const plainPerf = (await app.api("GET", "/api/v1/models/churn/performance")).body.performance;
      expect(plainPerf.every((p: object) => !("calibration" in p) && !("confusion" in p))).toBe(true);
    });

    it("gives the model page the same drift and performance numbers as the API", async () => {
      await storeLabels();
      await computeSnapshots();
      const page = await modelSnapshots(app.db.handle, "churn", new Date(0));
      const drift = (await app.api("GET", "/api/v1/models/churn/drift")).body.drift;
      expect(page.drift).toEqual(
        drift.map((d: Record<string, unknown>) => ({
          version: d.version,
          feature: d.feature,
          kind: d.kind,
          windowStart: d.windowStart,
          method: d.method,
          statistic: d.statistic,
          pValue: d.pValue ?? null,
          threshold: d.threshold,
          drifted: d.drifted,
          currentCount: d.currentCount,
          status: d.status,
        })),
      );
      const performance = (await app.api("GET", "/api/v1/models/churn/performance?include=details")).body
        .performance;
      expect(
        page.performance.map((p) => [p.version, p.metric, p.k, p.windowStart, p.value, p.count]),
      ).toEqual(
        performance.map((p: Record<string, unknown>) => [
          p.version,
          p.metric,
          p.k ?? 0,
          p.windowStart,
          p.value,
          p.count,
        ]),
      );
      const ece = page.performance.find((p) => p.metric === "ece" && p.value !== null);
      expect(ece?.details?.bins).toHaveLength(10);
    });

    it("filters by window start and validates the query string", async () => {
      await storeLabels();
      await computeSnapshots();
      const all = (await app.api("GET", "/api/v1/models/churn/performance")).body.performance;
      const starts = [...new Set(all.map((p: { windowStart: string }) => p.windowStart))].sort() as string[];
      const from = starts.at(-1) ?? "";
      const filtered = await app.api(
        "GET",
        `/api/v1/models/churn/performance?from=${encodeURIComponent(from)}`,
      );
      expect(filtered.body.performance.every((p: { windowStart: string }) => p.windowStart >= from)).toBe(
        true,
      );
      expect(filtered.body.performance.length).toBeGreaterThan(0);
      const none = await app.api(
        "GET",
        `/api/v1/models/churn/drift?to=${encodeURIComponent("2000-01-01T00:00:00Z")}`,
      );
      expect(none.body.drift).toEqual([]);

      const bad = await app.api("GET", "/api/v1/models/churn/drift?from=yesterday&color=red");
      expect(bad.status).toBe(400);
      expect(paths(bad).sort()).toEqual(["color", "from"]);
      const backwards = await app.api(
        "GET",
        "/api/v1/models/churn/performance?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z",
      );
      expect(paths(backwards)).toEqual(["to"]);
      expect((await app.api("GET", "/api/v1/models/churn/drift?version=v9")).status).toBe(404);
      expect((await app.api("GET", "/api/v1/models/nope/performance")).status).toBe(404);
      expect((await app.api("GET", "/api/v1/models/churn/drift", { key: app.ingestKey })).status).toBe(403);
    });
  });
});
