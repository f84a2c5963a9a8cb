/**
 * The client's address as the server saw it: scripts/serve.ts sets this header on every request
 * from the socket (or a trusted proxy's X-Forwarded-For), overwriting whatever the client sent.
 * Its own module, so the server script imports nothing else of the app.
 */
export const CLIENT_ADDRESS_HEADER = "x-northstar-client-address";

export function clientAddress(request: Request): string {
  return request.headers.get(CLIENT_ADDRESS_HEADER) ?? "unknown";
}
