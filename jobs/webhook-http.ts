import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import type { CheckedUrl } from "#lib/webhooks/url-guard";

export interface SendLimits {
  /** The whole request, connect to last byte read (10 s). */
  timeoutMs: number;
  /** How much of the response body is kept (the rest is not read). */
  maxResponseBytes: number;
}

export const DEFAULT_SEND_LIMITS: SendLimits = { timeoutMs: 10_000, maxResponseBytes: 4096 };

export type SendOutcome =
  | { kind: "response"; status: number; headers: http.IncomingHttpHeaders; excerpt: string }
  | { kind: "error"; error: string };

/**
 * POSTs one webhook request to the address the SSRF guard checked, never to a fresh DNS answer:
 * the socket's `lookup` returns that address (TLS still verifies the certificate for the URL's
 * host name). Redirects are not followed (a 3xx is an answer like any other non-2xx), the
 * request is cut off after `timeoutMs`, and at most `maxResponseBytes` of the body are read.
 */
export function sendWebhookRequest(
  target: CheckedUrl,
  request: { body: string; headers: Record<string, string> },
  limits: SendLimits = DEFAULT_SEND_LIMITS,
): Promise<SendOutcome> {
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  const { url } = target;
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: SendOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const req = client.request(
      url,
      {
        method: "POST",
        lookup: pinned,
        agent: false,
        headers: {
          ...request.headers,
          "content-length": String(Buffer.byteLength(request.body)),
          "user-agent": "Northstar-Webhooks/1",
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        const done = () => {
          finish({
            kind: "response",
            status: res.statusCode ?? 0,
            headers: res.headers,
            excerpt: Buffer.concat(chunks).toString("utf8"),
          });
          res.destroy();
        };
        res.on("data", (chunk: Buffer) => {
          const room = limits.maxResponseBytes - kept;
          if (room > 0) {
            chunks.push(chunk.subarray(0, room));
            kept += Math.min(room, chunk.length);
          }
          // Enough read: the rest of an endless or huge body is not our business.
          if (kept >= limits.maxResponseBytes) done();
        });
        res.on("end", done);
        res.on("error", done);
      },
    );
    const timer = setTimeout(() => {
      finish({ kind: "error", error: `timed out after ${limits.timeoutMs / 1000} s` });
      req.destroy();
    }, limits.timeoutMs);
    req.on("error", (error: NodeJS.ErrnoException) => {
      finish({ kind: "error", error: error.code ? `${error.code}: ${error.message}` : error.message });
    });
    req.end(request.body);
  });
}
