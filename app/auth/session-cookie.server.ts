/**
 * The session cookie: httpOnly (no script reads it), SameSite=Lax (other sites' forms and fetches
 * do not carry it; a link from elsewhere still opens the dashboard signed in), Secure when the
 * request came over https — directly, or through a proxy whose X-Forwarded-Proto the server is told
 * to trust (NORTHSTAR_TRUST_PROXY) — and `__Host-` prefixed then, so no subdomain can set it.
 */
import { ABSOLUTE_MS } from "#app/services/sessions.server";

const PLAIN = "northstar_session";
const SECURE = "__Host-northstar_session";

const isHttps = (request: Request) => new URL(request.url).protocol === "https:";

function readCookie(request: Request, name: string): string | null {
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

/** The session token the browser sent, if any. */
export function sessionToken(request: Request): string | null {
  return readCookie(request, isHttps(request) ? SECURE : PLAIN);
}

/** Set-Cookie for a new session's token. */
export function sessionCookie(request: Request, token: string): string {
  const secure = isHttps(request);
  const name = secure ? SECURE : PLAIN;
  const attributes = ["Path=/", "HttpOnly", "SameSite=Lax", `Max-Age=${Math.floor(ABSOLUTE_MS / 1000)}`];
  if (secure) attributes.push("Secure");
  return `${name}=${encodeURIComponent(token)}; ${attributes.join("; ")}`;
}

/** Set-Cookie that makes the browser forget the session. */
export function clearedSessionCookie(request: Request): string {
  const secure = isHttps(request);
  return `${secure ? SECURE : PLAIN}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure ? "; Secure" : ""}`;
}
