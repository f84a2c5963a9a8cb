import { AppError } from "#lib/errors";

export const MAX_BODY_BYTES = 5 * 1024 * 1024;
export const MAX_JSON_DEPTH = 32;

/**
 * Reads a JSON request body with the limits a public ingestion endpoint needs: the content type
 * must be JSON (415), the body at most `maxBytes` (413, checked while streaming so a lying or
 * absent Content-Length cannot make us buffer more), and the nesting bounded (400).
 */
export async function readJsonBody(request: Request, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type.trim())) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Content-Type must be application/json");
  }
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const text = await readLimited(request, maxBytes);
  if (text.trim() === "") throw new AppError("MALFORMED_JSON", "Request body is empty; expected JSON");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new AppError("MALFORMED_JSON", `Request body is not valid JSON${whereParsingFailed(error, text)}`);
  }
  const depthPath = findTooDeep(parsed, MAX_JSON_DEPTH);
  if (depthPath !== null) {
    throw new AppError("VALIDATION_FAILED", `JSON nested deeper than ${MAX_JSON_DEPTH} levels`, [
      { path: depthPath, message: `nesting exceeds ${MAX_JSON_DEPTH} levels` },
    ]);
  }
  return parsed;
}

/**
 * Where JSON.parse gave up, without its message: V8 quotes the body around the error, and the
 * caller's data must not come back in the answer (nor, through it, reach a log).
 */
function whereParsingFailed(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : "";
  const position = /at position (\d+)/.exec(message)?.[1];
  if (position !== undefined) return ` (at character ${position})`;
  if (/end of JSON input/i.test(message))
    return ` (it ends at character ${text.length}, before the JSON does)`;
  return "";
}

function tooLarge(maxBytes: number) {
  return new AppError("PAYLOAD_TOO_LARGE", `Request body exceeds ${maxBytes} bytes`);
}

async function readLimited(request: Request, maxBytes: number): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** A container on findTooDeep's stack; its path is spelled out only if it is the one reported. */
interface Frame {
  value: object;
  depth: number;
  parent: Frame | null;
  key: string | number;
}

/**
 * Returns the path of the first value nested deeper than `limit`, or null. Iterative: no stack
 * blow-up. Only objects and arrays are visited, and no path string is built for the ones that
 * pass: this runs over every ingested event, where building a path per value cost more than the
 * walk itself.
 */
function findTooDeep(root: unknown, limit: number): string | null {
  if (root === null || typeof root !== "object") return null;
  const stack: Frame[] = [{ value: root, depth: 0, parent: null, key: "" }];
  for (let frame = stack.pop(); frame; frame = stack.pop()) {
    const { value, depth } = frame;
    if (depth >= limit) return pathOf(frame) || "(root)";
    if (Array.isArray(value)) {
      value.forEach((item: unknown, i) => {
        if (item !== null && typeof item === "object")
          stack.push({ value: item, depth: depth + 1, parent: frame, key: i });
      });
    } else {
      for (const [key, item] of Object.entries(value)) {
        if (item !== null && typeof item === "object")
          stack.push({ value: item, depth: depth + 1, parent: frame, key });
      }
    }
  }
  return null;
}

/** `events[0].properties.d`: the path from the root to `frame`, as the API writes paths. */
function pathOf(frame: Frame): string {
  const keys: Array<string | number> = [];
  for (let f: Frame | null = frame; f?.parent; f = f.parent) keys.push(f.key);
  let path = "";
  for (const key of keys.reverse()) {
    if (typeof key === "number") path = `${path}[${key}]`;
    else path = path ? `${path}.${key}` : key;
  }
  return path;
}
