/**
 * Property-based fuzzing of every operation that takes a body (from the operation registry): malformed and
 * hostile payloads never get a 5xx, a rejected request writes nothing (not one item of a batch),
 * every answer is what the OpenAPI document publishes (the harness checks), and accepted events,
 * alert rules and webhooks round-trip exactly (fuzz-round-trip.ts). Webhook URLs go through the SSRF
 * guard with private addresses refused and a stub resolver (fuzz-samples.ts): no real DNS.
 */
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadApiRoutes } from "#app/api/registry.server";
import { setContext } from "#app/server/context.server";
import { jobs } from "#jobs/registry";
import { type JobRunner, startJobRunner } from "#jobs/runner";
import { silentLogger } from "#lib/log";
import { createStandardMetrics, experimentBody, runningExperiment } from "#test/fixtures";
import { drivers, startTestApp, type TestApp, testWebhookSettings } from "#test/harness";
import { checkRoundTrip } from "./fuzz-round-trip";
import { ago, type Json, type Sample, samples, stubDns } from "./fuzz-samples";

/**
 * 10,000 payloads on PGlite, and 2,000 more on PostgreSQL (the edge's checks are the same code;
 * the second pass is for what only the server's storage would refuse). FUZZ_RUNS sets both,
 * FUZZ_SEED replays a failure.
 */
const runsOn = (driver: string) => Number(process.env.FUZZ_RUNS ?? (driver === "pglite" ? 10_000 : 2_000));
const SEED = Number(process.env.FUZZ_SEED ?? 20261126);

/** Own `__proto__` keys: an object literal would set the prototype instead. */
const protoKey = JSON.parse('{"__proto__": {"admin": true}, "constructor": {"prototype": {}}}');
const nest = (depth: number): Json => (depth === 0 ? 1 : { a: nest(depth - 1) });

const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(
    null,
    true,
    false,
    0,
    -0,
    1e308,
    -1e308,
    5e-324,
    2 ** 53 + 1,
    1e16,
    -1e15,
    "",
    " ",
    "\u0000",
    "a\u0000b",
    "\uD800",
    "x\uDC00y",
    "𝔘𝔫𝔦",
    "__proto__",
    "NaN",
    "Infinity",
    "1e999",
    "2026-02-30T00:00:00Z",
    "0000-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
    "1732600000",
    "yesterday",
    "' or 1=1 --",
    "%FF",
    "<script>alert(1)</script>",
    "\\",
    "x".repeat(300),
    "y".repeat(70_000),
    [],
    {},
    protoKey,
    [null],
    { "": 1 },
  ),
  fc.double(),
  fc.integer(),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.integer({ min: 20, max: 40 }).map(nest),
);

/** Every place in a body a mutation can hit: object keys and array items, as paths. */
function paths(value: Json, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (value === null || typeof value !== "object") return [prefix];
  const entries: Array<[string | number, Json]> = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value as Record<string, Json>);
  return [prefix, ...entries.flatMap(([k, v]) => paths(v, [...prefix, k]))];
}

function setAt(root: Json, path: Array<string | number>, value: Json | typeof REMOVE): Json {
  if (path.length === 0) return value === REMOVE ? undefined : value;
  const copy = structuredClone(root) as Record<string | number, Json>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, Json>;
  const last = path.at(-1) as string | number;
  if (value === REMOVE) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = value;
  return copy;
}
const REMOVE = Symbol("remove");

interface Payload {
  sample: Sample;
  body?: Json;
  raw?: string;
  contentType?: string;
}

/** A payload for one operation: its valid body mutated, something else entirely, or not JSON. */
function payloadFor(sample: Sample): fc.Arbitrary<Payload> {
  const base = sample.body();
  const aimed = (sample.aimed ?? []).flatMap(({ at, values }) => values.map((v) => [at, v] as const));
  const where = paths(base);
  const objects = where.filter((p) => {
    let node: Json = base;
    for (const k of p) node = (node as Record<string | number, Json>)[k];
    return node !== null && typeof node === "object" && !Array.isArray(node);
  });
  return fc.oneof(
    // One field (or array item) replaced, removed, or given a hostile sibling.
    {
      weight: 6,
      arbitrary: fc
        .tuple(fc.constantFrom(...where), hostileValue)
        .map(([p, v]) => ({ sample, body: setAt(sample.body(), p, v) })),
    },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(...where)
        .filter((p) => p.length > 0)
        .map((p) => ({ sample, body: setAt(sample.body(), p, REMOVE) })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom(...objects), fc.string({ maxLength: 8 }), hostileValue)
        .map(([p, k, v]) => ({ sample, body: setAt(sample.body(), [...p, k], v) })),
    },
    // A value aimed at one field (an SSRF URL at a webhook's url, a bad duration at a rule's `for`).
    ...(aimed.length > 0
      ? [
          {
            weight: 4,
            arbitrary: fc
              .constantFrom(...aimed)
              .map(([p, v]) => ({ sample, body: setAt(sample.body(), [...p], v) })),
          },
        ]
      : []),
    // The body unchanged: valid requests must keep being accepted (and round-trip).
    { weight: 2, arbitrary: fc.constant(null).map(() => ({ sample, body: sample.body() })) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((body) => ({ sample, body })) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 200 }).map((raw) => ({ sample, raw })) },
    {
      weight: 1,
      arbitrary: fc
        .nat({ max: 200 })
        .map((n) => ({ sample, raw: JSON.stringify(sample.body()).slice(0, n) })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom("text/plain", "application/x-www-form-urlencoded", "application/xml", "")
        .map((contentType) => ({ sample, body: sample.body(), contentType })),
    },
  );
}

const WATCHED = [
  "events",
  "assignments",
  "assignment_conflicts",
  "predictions",
  "labels",
  "job_runs",
  "experiments",
  "variants",
  "experiment_metrics",
  "metrics",
  "models",
  "model_versions",
  "alert_rules",
  "alerts",
  "alert_transitions",
  "webhooks",
  "webhook_messages",
];

/**
 * Counts every row written to the data tables (a test-only trigger in this throwaway database):
 * a rejected request must leave the count unchanged — not one item of a batch, not one update.
 */
async function watchWrites(app: TestApp) {
  await app.db.handle.rows(sql`create table fuzz_writes (n bigint not null)`);
  await app.db.handle.rows(sql`insert into fuzz_writes values (0)`);
  await app.db.handle.rows(sql`create function fuzz_count() returns trigger language plpgsql as
    $$ begin update fuzz_writes set n = n + 1; return null; end $$`);
  for (const table of WATCHED) {
    await app.db.handle.rows(
      sql.raw(
        `create trigger fuzz_count after insert or update or delete on ${table} for each row execute function fuzz_count()`,
      ),
    );
  }
}

async function writes(app: TestApp): Promise<number> {
  const [row] = await app.db.handle.rows<{ n: string | number }>(sql`select n from fuzz_writes`);
  return Number(row?.n);
}

describe.each(drivers)("fuzzing every write operation on %s", (driver) => {
  let app: TestApp;
  let queue: JobRunner;
  let SAMPLES: Sample[] = [];
  beforeAll(async () => {
    app = await startTestApp(driver);
    // Runs are queued (job-run operation) but not executed: the fuzzer checks the request edge.
    queue = await startJobRunner({ db: app.db.handle, log: silentLogger, jobs, work: false });
    setContext({
      db: app.db.handle,
      log: silentLogger,
      now: () => new Date(),
      jobs: queue,
      // Private addresses refused, as in production; hosts resolve through a stub, never real DNS.
      webhooks: testWebhookSettings({ allowPrivate: false, lookup: stubDns }),
    });
    await createStandardMetrics(app);
    await app.api("POST", "/api/v1/experiments", { body: experimentBody("draft") });
    await runningExperiment(app, "fuzz-running");
    await app.api("POST", "/api/v1/models", {
      body: { key: "churn", name: "Churn", task: "binary_classification" },
    });
    await app.api("POST", "/api/v1/predictions", {
      body: { predictions: [{ id: "p-seed", model: "churn", version: "v1", timestamp: ago(2), score: 0.4 }] },
    });
    const webhook = await app.api("POST", "/api/v1/webhooks", {
      body: { url: "https://hooks.example.com/fixture" },
    });
    const rule = await app.api("POST", "/api/v1/alert-rules", {
      body: { name: "fuzz-drift", kind: "drift", target: { model: "churn" }, webhooks: [webhook.body.id] },
    });
    expect([webhook.status, rule.status]).toEqual([201, 201]);
    SAMPLES = samples({ webhookId: webhook.body.id, ruleId: rule.body.id });
    await watchWrites(app);
  });
  afterAll(async () => {
    await queue?.stop();
    await app?.stop();
  });

  it("covers every write operation the registry declares", () => {
    const declared = loadApiRoutes().flatMap((r) =>
      Object.entries(r.operations)
        .filter(([, op]) => op?.body)
        .map(([method]) => `${method} ${r.path}`),
    );
    expect(SAMPLES.map((s) => `${s.method} ${s.route}`).sort()).toEqual(declared.sort());
  });

  const RUNS = runsOn(driver);
  it(`answers ${RUNS} hostile payloads without a 5xx, writing nothing when it rejects`, async () => {
    const seen = new Set<string>();
    const tally = { accepted: 0, rejected: 0 };
    const perRoute = new Map<string, { accepted: number; rejected: number }>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...SAMPLES).chain(payloadFor),
        async ({ sample, body, raw, contentType }) => {
          const before = await writes(app);
          const res = await app.api(sample.method, sample.path, {
            ...(raw !== undefined ? { raw } : { raw: JSON.stringify(body) ?? "" }),
            headers: { "content-type": contentType ?? "application/json" },
          });
          expect(res.status).toBeLessThan(500);
          const route = `${sample.method} ${sample.route}`;
          const counts = perRoute.get(route) ?? { accepted: 0, rejected: 0 };
          perRoute.set(route, counts);
          if (res.status >= 400) {
            tally.rejected++;
            counts.rejected++;
            expect(await writes(app)).toBe(before);
          } else {
            tally.accepted++;
            counts.accepted++;
            if (body !== undefined) await checkRoundTrip(app, sample, body, res, seen);
          }
        },
      ),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    console.info(
      `fuzz on ${driver}: ${RUNS} payloads, ${tally.accepted} accepted, ${tally.rejected} rejected, 0 × 5xx\n` +
        [...perRoute].map(([r, c]) => `  ${r}: ${c.accepted} accepted, ${c.rejected} rejected`).join("\n"),
    );
    expect(tally.accepted).toBeGreaterThan(RUNS / 20);
  }, 1_200_000);
});
