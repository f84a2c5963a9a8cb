/**
 * Who may do what: the one table. Pages (by their route module under app/routes/, as app/routes.ts
 * names them) say which role may load them (`read`: the loader, and the `.data` request that runs
 * it) and which may submit their forms (`write`: the action); API operations (method and path under
 * /api/v1, as app/api/paths.ts names them) say which key scope they need.
 *
 * `page()` (app/pages/page.server.ts) enforces the page rows; each API operation's `scope` enforces
 * its row, and test/auth/permission-walk.test.ts calls every route and operation as anonymous,
 * viewer, editor, admin and each key scope and fails on any answer this table does not predict —
 * or on any route or operation that has no row here. A new page or operation: add its row.
 */
import type { ApiKeyScope, UserRole } from "#lib/vocabulary";

/** `public` = anyone, signed in or not. Roles are ordered: admin ⊇ editor ⊇ viewer. */
export type PageAccess = "public" | UserRole;

export interface PageRule {
  read: PageAccess;
  /** Absent: the page has no form action (a POST is refused with 405). */
  write?: PageAccess;
  /**
   * Posts from anywhere are accepted (no CSRF check): only for a receiver that grants nothing by
   * cookie and authenticates each post itself (the demo inbox checks the webhook signature).
   */
  crossSite?: true;
}

export const PAGE_PERMISSIONS = {
  // The root loader only says who is signed in (the layout shows it), so it is public.
  root: { read: "public" },
  login: { read: "public", write: "public" },
  "login-link": { read: "public" },
  logout: { read: "public", write: "public" },
  overview: { read: "viewer" },
  experiments: { read: "viewer" },
  "experiment-new": { read: "editor", write: "editor" },
  "experiment-power": { read: "viewer" },
  experiment: { read: "viewer", write: "editor" },
  "experiment-export": { read: "viewer" },
  metrics: { read: "viewer", write: "editor" },
  models: { read: "viewer" },
  model: { read: "viewer", write: "editor" },
  "model-version": { read: "viewer" },
  jobs: { read: "viewer", write: "editor" },
  alerts: { read: "viewer", write: "editor" },
  // Webhook URLs and delivery logs are admin matters, as the webhooks API is.
  "alerts-webhooks": { read: "admin", write: "admin" },
  "alerts-inbox": { read: "viewer" },
  "alerts-inbox-receive": { read: "public", write: "public", crossSite: true },
  "settings-users": { read: "admin", write: "admin" },
  "settings-api-keys": { read: "admin", write: "admin" },
} as const satisfies Record<string, PageRule>;

export type PageName = keyof typeof PAGE_PERMISSIONS;

/** `null` = public; `ingest` operations accept admin keys too. */
export type ApiAccess = ApiKeyScope | null;

/** Keyed `METHOD path`, the path as in app/api/paths.ts. */
export const API_PERMISSIONS: Record<string, ApiAccess> = {
  "GET health": null,
  "GET openapi.json": null,
  "GET metrics": "admin",
  "POST metrics": "admin",
  "GET experiments": "admin",
  "POST experiments": "admin",
  "GET experiments/:key": "admin",
  "PATCH experiments/:key": "admin",
  "POST experiments/:key/start": "admin",
  "POST experiments/:key/stop": "admin",
  "GET experiments/:key/results": "admin",
  "GET experiments/:key/results/history": "admin",
  "GET assign": "ingest",
  "POST assignments": "ingest",
  "POST events": "ingest",
  "POST analyze": "ingest",
  "GET jobs": "admin",
  "GET jobs/runs/:id": "admin",
  "POST jobs/:name/run": "admin",
  "GET models": "admin",
  "POST models": "admin",
  "GET models/:key": "admin",
  "PUT models/:key/versions/:version/reference": "admin",
  "GET models/:key/drift": "admin",
  "PUT models/:key/drift-config": "admin",
  "GET models/:key/performance": "admin",
  "POST predictions": "ingest",
  "POST labels": "ingest",
  "GET alert-rules": "admin",
  "POST alert-rules": "admin",
  "GET alert-rules/:id": "admin",
  "PATCH alert-rules/:id": "admin",
  "DELETE alert-rules/:id": "admin",
  "GET alerts": "admin",
  "GET alerts/history": "admin",
  "GET webhooks": "admin",
  "POST webhooks": "admin",
  "GET webhooks/:id": "admin",
  "DELETE webhooks/:id": "admin",
  "POST webhooks/:id/test": "admin",
  "GET webhooks/:id/deliveries": "admin",
  "POST webhooks/:id/deliveries/:messageId/redeliver": "admin",
};

const RANK: Record<UserRole, number> = { viewer: 1, editor: 2, admin: 3 };

/** True when a user with `role` (null: anonymous) may do what `required` asks. */
export function roleAllows(role: UserRole | null, required: PageAccess): boolean {
  if (required === "public") return true;
  return role !== null && RANK[role] >= RANK[required];
}

/** True when a key with `scope` (null: none) may call an operation that needs `required`. */
export function scopeAllows(scope: ApiKeyScope | null, required: ApiAccess): boolean {
  if (required === null) return true;
  return scope === "admin" || scope === required;
}
