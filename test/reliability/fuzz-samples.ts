/**
 * The fuzzer's starting points: one valid body per write operation (fuzz.test.ts mutates them),
 * plus values aimed at one operation (webhook URLs that must not pass the SSRF guard), and the
 * stub resolver the fuzzed server uses instead of DNS.
 */
import { experimentBody } from "#test/fixtures";
import type { Lookup } from "#lib/webhooks/url-guard";

export type Json = unknown;

export const ago = (hours: number) => new Date(Date.now() - hours * 3600_000).toISOString();
let serial = 0;
export const fresh = (prefix: string) => `${prefix}-${serial++}`;

export interface Sample {
  method: "POST" | "PUT" | "PATCH";
  /** The routed path (registry form) and the concrete path sent. */
  route: string;
  path: string;
  body: () => Json;
  /** Hostile values aimed at one field of this operation (path in the body → values to put there). */
  aimed?: Array<{ at: Array<string | number>; values: Json[] }>;
}

/** What the samples point at, created before fuzzing: a webhook to notify and a rule to edit. */
export interface SampleFixtures {
  webhookId: string;
  ruleId: number;
}

/** A public address (never connected to: the fuzzer's job runner does no work). */
const PUBLIC = "93.184.215.14";

/**
 * The fuzzed server's resolver: no test may do real DNS. Names under hooks.example.com are
 * public, a few resolve where webhooks must not go, anything else does not resolve.
 */
export const stubDns: Lookup = async (hostname) => {
  const answers: Record<string, string[]> = {
    localhost: ["127.0.0.1", "::1"],
    "intranet.example.com": ["10.0.0.7"],
    "metadata.example.com": ["169.254.169.254"],
    // One bad answer among good ones refuses the URL (a resolver may hand out any of them).
    "split.example.com": [PUBLIC, "192.168.1.1"],
    "v6private.example.com": ["fd00::1"],
  };
  const known = answers[hostname.toLowerCase()];
  if (known) return known.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  if (/(^|\.)hooks\.example\.com$/i.test(hostname)) return [{ address: PUBLIC, family: 4 }];
  throw Object.assign(new Error(`stub DNS: ${hostname} not found`), { code: "ENOTFOUND" });
};

/** URLs the SSRF guard must refuse (the fuzzed server does not allow private addresses). */
const UNSAFE_URLS = [
  "http://127.0.0.1/hook",
  "http://127.1/hook",
  "http://2130706433/",
  "http://0x7f.0.0.1/",
  "http://0177.0.0.1/",
  "http://[::1]:3000/",
  "http://[::ffff:127.0.0.1]/",
  "http://[::ffff:7f00:1]/",
  "http://0.0.0.0/",
  "http://10.1.2.3/",
  "http://172.16.0.1/",
  "http://192.168.0.1/",
  "http://100.64.0.1/",
  "http://169.254.169.254/latest/meta-data/",
  "http://[fe80::1]/",
  "http://[fd12::1]/",
  "http://224.0.0.1/",
  "http://255.255.255.255/",
  "http://localhost:3000/api/v1/health",
  "http://LOCALHOST./",
  "https://intranet.example.com/hook",
  "https://metadata.example.com/",
  "https://split.example.com/hook",
  "https://v6private.example.com/",
  "https://nowhere.invalid/",
  "file:///etc/passwd",
  "gopher://hooks.example.com/",
  "javascript:alert(1)",
  "data:text/plain,hello",
  "ftp://hooks.example.com/",
  "//hooks.example.com/no-scheme",
  "https://hooks.example.com:99999/",
  "https://[::1",
  "http://",
  `https://hooks.example.com/${"a".repeat(3000)}`,
];

/** URLs that are fine (public host) but odd: they must be stored exactly as sent. */
const ODD_SAFE_URLS = [
  "https://user:pass@hooks.example.com/x",
  "https://HOOKS.example.com/Path?q=1&q=2#frag",
  "https://a.hooks.example.com:8443/𝔘𝔫𝔦",
  "http://93.184.215.14/hook",
  "https://hooks.example.com/%FF%00",
];

const DURATIONS = ["1h30m", "90m", "30d", "31d", "0s", "-5m", "4 h", "1e3s", "PT5M", "2d", "99999h"];

/** A valid body for each write operation; the fuzzer mutates these. */
export function samples({ webhookId, ruleId }: SampleFixtures): Sample[] {
  return [
    {
      method: "POST",
      route: "metrics",
      path: "/api/v1/metrics",
      body: () => ({ key: fresh("m"), name: "Metric", type: "mean", event: "purchase" }),
    },
    {
      method: "POST",
      route: "experiments",
      path: "/api/v1/experiments",
      body: () => experimentBody(fresh("x")),
    },
    {
      method: "PATCH",
      route: "experiments/:key",
      path: "/api/v1/experiments/draft",
      body: () => ({ name: "Renamed", hypothesis: "h" }),
    },
    {
      method: "POST",
      route: "assignments",
      path: "/api/v1/assignments",
      body: () => ({
        assignments: [0, 1, 2].map((i) => ({
          experiment: "fuzz-running",
          unit: fresh("u"),
          variant: i % 2 ? "treatment" : "control",
          timestamp: ago(1),
        })),
      }),
    },
    {
      method: "POST",
      route: "events",
      path: "/api/v1/events",
      body: () => ({
        events: [0, 1, 2].map((i) => ({
          id: fresh("e"),
          unit: `u${i}`,
          name: "purchase",
          value: i + 0.5,
          timestamp: ago(1),
          properties: { page: "home", n: i },
        })),
      }),
    },
    {
      method: "POST",
      route: "analyze",
      path: "/api/v1/analyze",
      body: () => ({
        metricType: "proportion",
        variants: [
          { key: "control", n: 1000, sum: 100 },
          { key: "treatment", n: 1000, sum: 110 },
        ],
      }),
    },
    {
      method: "POST",
      route: "jobs/:name/run",
      path: "/api/v1/jobs/experiment-results/run",
      body: () => ({ experiment: "fuzz-running" }),
    },
    {
      method: "POST",
      route: "models",
      path: "/api/v1/models",
      body: () => ({ key: fresh("model"), name: "Model", task: "regression" }),
    },
    {
      method: "PUT",
      route: "models/:key/versions/:version/reference",
      path: "/api/v1/models/churn/versions/v1/reference",
      body: () => ({ from: ago(72), to: ago(1) }),
    },
    {
      method: "PUT",
      route: "models/:key/drift-config",
      path: "/api/v1/models/churn/drift-config",
      body: () => ({ thresholds: { psi: 0.2 }, features: { age: { method: "psi", bins: 10 } } }),
    },
    {
      method: "POST",
      route: "predictions",
      path: "/api/v1/predictions",
      body: () => ({
        predictions: [
          {
            id: fresh("p"),
            model: "churn",
            version: "v1",
            timestamp: ago(1),
            score: 0.7,
            features: { age: 31, plan: "pro" },
          },
        ],
      }),
    },
    {
      method: "POST",
      route: "labels",
      path: "/api/v1/labels",
      body: () => ({ labels: [{ predictionId: "p-seed", label: 1 }] }),
    },
    {
      // The richest kind: a target with a model, a metric, a cut-off and a direction, and a threshold.
      method: "POST",
      route: "alert-rules",
      path: "/api/v1/alert-rules",
      body: () => ({
        name: fresh("rule"),
        kind: "performance",
        target: { model: "churn", version: "v1", metric: "ndcg", k: 10, direction: "below" },
        threshold: 0.7,
        for: "15m",
        repeatInterval: "4h",
        webhooks: [webhookId],
        enabled: true,
      }),
      aimed: [
        { at: ["for"], values: DURATIONS },
        { at: ["repeatInterval"], values: DURATIONS },
        { at: ["webhooks"], values: [[crypto.randomUUID()], [webhookId, webhookId], [], ["not-a-uuid"]] },
        { at: ["target", "k"], values: [0, 1, 2 ** 31, 1.5, -1, "10"] },
        { at: ["threshold"], values: [1e308, -1e308, 5e-324, 0, -0.5, "0.7"] },
      ],
    },
    {
      // A drift rule edited again and again: every accepted patch must read back as sent.
      method: "PATCH",
      route: "alert-rules/:id",
      path: `/api/v1/alert-rules/${ruleId}`,
      body: () => ({
        name: fresh("renamed"),
        target: { model: "churn", version: "v1" },
        threshold: 0.3,
        for: "10m",
        repeatInterval: "2h",
        webhooks: [webhookId],
        enabled: false,
      }),
      aimed: [
        {
          at: ["target"],
          values: [{}, { model: "nope" }, { model: "churn", feature: "age" }, { experiment: "x" }],
        },
        { at: ["threshold"], values: [null, 0, 1, 1.0000001, -0.1] },
        { at: ["for"], values: DURATIONS },
        { at: ["webhooks"], values: [[crypto.randomUUID()], [], null] },
      ],
    },
    {
      method: "POST",
      route: "webhooks",
      path: "/api/v1/webhooks",
      body: () => ({
        url: `https://hooks.example.com/${fresh("h")}`,
        format: "standard",
        description: "Fuzz hook",
      }),
      aimed: [
        { at: ["url"], values: [...UNSAFE_URLS, ...ODD_SAFE_URLS] },
        { at: ["format"], values: ["slack", "SLACK", "discord", null] },
      ],
    },
  ];
}
