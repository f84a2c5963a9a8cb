import type { Lookup } from "./url-guard";

/** How this process handles webhooks; built once at startup from the environment (app/env.server.ts). */
export interface WebhookSettings {
  /** Encrypts signing secrets at rest; null when none is configured (PostgreSQL without NORTHSTAR_SECRET_KEY). */
  secretKey: Buffer | null;
  /** NORTHSTAR_WEBHOOK_ALLOW_PRIVATE: let webhooks reach private and loopback addresses. */
  allowPrivate: boolean;
  /**
   * The demo's built-in receiver (`/alerts/inbox`), when this process serves one: its exact URL is
   * the one loopback destination the SSRF guard lets through without allowPrivate.
   */
  inboxUrl: string | null;
  /**
   * Where people reach the dashboard (NORTHSTAR_PUBLIC_URL): the jobs store each alert's link as a
   * dashboard path, and a message must carry a link that opens from a chat or a mail.
   */
  publicUrl: string;
  /**
   * Resolves webhook hosts for the SSRF guard; absent = the system resolver. Tests set a stub so
   * no test does real DNS (the fuzzer sends thousands of URLs).
   */
  lookup?: Lookup;
}
