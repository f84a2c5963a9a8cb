import { z } from "zod";
import { embeddedSecretKey, parseSecretKey } from "#lib/webhooks/secret-box";
import type { WebhookSettings } from "#lib/webhooks/settings";

/**
 * Every environment variable Northstar reads, validated once. A bad value stops startup with a
 * message naming the variable, instead of surfacing later as a confusing runtime error.
 */
const cron = z.string().regex(/^(\S+\s+){4}\S+$/, "must be a 5-field cron expression, e.g. '*/15 * * * *'");

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
      .optional(),
    NORTHSTAR_DATA_DIR: z.string().min(1).default("./.northstar"),
    NORTHSTAR_BOOTSTRAP_KEY: z.string().min(32, "must be at least 32 characters").optional(),
    // Ensure this dashboard admin exists with this password at startup (automation, tests).
    NORTHSTAR_ADMIN_EMAIL: z
      .string()
      .regex(/^[^\s@]+@[^\s@]+$/, "must be an email address")
      .optional(),
    NORTHSTAR_ADMIN_PASSWORD: z.string().min(12, "must be at least 12 characters").optional(),
    // on: believe X-Forwarded-Proto/-For from the proxy in front (https → Secure cookie; rate limits by client).
    NORTHSTAR_TRUST_PROXY: z.enum(["on", "off"]).default("off"),
    // A header an SSO proxy sets to the signed-in user's email (e.g. X-Forwarded-Email); only with such a proxy.
    NORTHSTAR_TRUSTED_PROXY_HEADER: z
      .string()
      .regex(/^[A-Za-z0-9-]+$/, "must be a header name")
      .transform((h) => h.toLowerCase())
      .optional(),
    // A request waits this long on the database before it is answered 503 (statement timeout on
    // PostgreSQL, and the deadline on a pooled connection); 0 = no limit.
    NORTHSTAR_DB_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(5_000),
    NORTHSTAR_LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
    // inline: this process runs the scheduled jobs; off: it only queues them for `npm run jobs`.
    // Default: inline on embedded PGlite (one process), off on PostgreSQL (a separate worker).
    NORTHSTAR_JOBS: z.enum(["inline", "off"]).optional(),
    // auto: seed demo data into an empty embedded database (a newcomer's first `npm start`).
    NORTHSTAR_DEMO_DATA: z.enum(["auto", "on", "off"]).default("auto"),
    // Encrypts webhook signing secrets at rest (AES-256-GCM): 32 random bytes, base64 or hex
    // (`openssl rand -base64 32`). Unset on embedded PGlite: generated once into the data directory.
    NORTHSTAR_SECRET_KEY: z
      .string()
      .refine(
        (v) => parseSecretKey(v) !== null,
        "must be 32 bytes, base64 (44 characters) or hex (64), e.g. `openssl rand -base64 32`",
      )
      .optional(),
    // Links in webhook messages: the dashboard's address as its users see it (e.g. behind a proxy).
    NORTHSTAR_PUBLIC_URL: z
      .url({ protocol: /^https?$/ })
      .transform((url) => url.replace(/\/+$/, ""))
      .optional(),
    // Let webhooks reach loopback and private addresses (tests, local demos); never metadata or multicast.
    NORTHSTAR_WEBHOOK_ALLOW_PRIVATE: z
      .enum(["true", "false"], { message: "must be true or false" })
      .default("false")
      .transform((v) => v === "true"),
    NORTHSTAR_SCHEDULE_EXPERIMENT_RESULTS: cron.optional(),
    NORTHSTAR_SCHEDULE_MODEL_DRIFT: cron.optional(),
    NORTHSTAR_SCHEDULE_MODEL_PERFORMANCE: cron.optional(),
  })
  .superRefine((value, issues) => {
    // One without the other is a half-configured admin: say so instead of ignoring it.
    for (const [set, missing] of [
      ["NORTHSTAR_ADMIN_EMAIL", "NORTHSTAR_ADMIN_PASSWORD"],
      ["NORTHSTAR_ADMIN_PASSWORD", "NORTHSTAR_ADMIN_EMAIL"],
    ] as const) {
      if (value[set] !== undefined && value[missing] === undefined)
        issues.addIssue({ code: "custom", path: [missing], message: `must be set together with ${set}` });
    }
  });

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {}

/** Parses an environment (process.env by default); throws EnvError naming each bad variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  // An empty string means "unset" in most deployment tools (docker -e FOO=, .env files).
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new EnvError(`Invalid environment:\n${lines.join("\n")}`);
  }
  return result.data;
}

let cached: Env | undefined;

/** The process environment, parsed on first use. */
export function env(): Env {
  cached ??= parseEnv();
  return cached;
}

/** Per-job cron overrides from NORTHSTAR_SCHEDULE_<JOB_NAME>. */
export function scheduleOverrides(config: Env): Record<string, string> {
  const entries: Array<[string, string | undefined]> = [
    ["experiment-results", config.NORTHSTAR_SCHEDULE_EXPERIMENT_RESULTS],
    ["model-drift", config.NORTHSTAR_SCHEDULE_MODEL_DRIFT],
    ["model-performance", config.NORTHSTAR_SCHEDULE_MODEL_PERFORMANCE],
  ];
  return Object.fromEntries(entries.filter((e): e is [string, string] => e[1] !== undefined));
}

/** The built-in webhook inbox (/alerts/inbox) exists only for the demo on an embedded database. */
export function demoInboxEnabled(config: Env, driver: "pglite" | "postgres"): boolean {
  return driver === "pglite" && config.NORTHSTAR_DEMO_DATA !== "off";
}

/** The path the demo's inbox receives on; the demo webhook points at it on this server's own port. */
export const INBOX_RECEIVE_PATH = "/alerts/inbox/receive";

/** Webhook settings of this process: the secret key (configured, or the embedded database's own) and the SSRF switch. */
export function webhookSettings(config: Env, driver: "pglite" | "postgres"): WebhookSettings {
  const configured = config.NORTHSTAR_SECRET_KEY ? parseSecretKey(config.NORTHSTAR_SECRET_KEY) : null;
  return {
    secretKey: configured ?? (driver === "pglite" ? embeddedSecretKey(config.NORTHSTAR_DATA_DIR) : null),
    allowPrivate: config.NORTHSTAR_WEBHOOK_ALLOW_PRIVATE,
    publicUrl: config.NORTHSTAR_PUBLIC_URL ?? `http://localhost:${config.PORT}`,
    inboxUrl: demoInboxEnabled(config, driver)
      ? `http://127.0.0.1:${config.PORT}${INBOX_RECEIVE_PATH}`
      : null,
  };
}
