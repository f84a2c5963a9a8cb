import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Webhook signing secrets at rest: AES-256-GCM under the server's secret key (NORTHSTAR_SECRET_KEY,
 * or on embedded PGlite a key generated once into the data directory). The stored form is
 * `v1.<iv>.<tag>.<ciphertext>` (base64url); the associated data binds it to its purpose, so a
 * value encrypted for something else under the same key does not decrypt as a webhook secret.
 */

const VERSION = "v1";
const AAD = Buffer.from("northstar:webhook-secret");

export function encryptSecret(key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(AAD);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ciphertext]
    .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
    .join(".");
}

/** Throws when the value was not encrypted under `key` (a wrong or rotated key) or was altered. */
export function decryptSecret(key: Buffer, stored: string): string {
  const [version, iv, tag, ciphertext] = stored.split(".");
  if (version !== VERSION || !iv || !tag || ciphertext === undefined)
    throw new Error("not an encrypted webhook secret");
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAAD(AAD);
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  try {
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    throw new Error(
      "cannot decrypt the webhook secret: NORTHSTAR_SECRET_KEY is not the key it was stored with",
    );
  }
}

/** Parses NORTHSTAR_SECRET_KEY: 32 bytes as base64 (44 characters) or hex (64); null when malformed. */
export function parseSecretKey(value: string): Buffer | null {
  const trimmed = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, "hex");
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) {
    const bytes = Buffer.from(trimmed.replaceAll("-", "+").replaceAll("_", "/"), "base64");
    if (bytes.length === 32) return bytes;
  }
  return null;
}

const KEY_FILE = "secret.key";

/**
 * The embedded database's key: read from `<dataDir>/secret.key`, or generated there once (mode
 * 0600, created exclusively so two processes starting together cannot write different keys).
 * An in-memory database ("memory://") gets a key that lives as long as the process, like its data.
 */
export function embeddedSecretKey(dataDir: string): Buffer {
  if (dataDir.startsWith("memory://")) return randomBytes(32);
  const file = path.resolve(dataDir, KEY_FILE);
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    writeFileSync(file, `${randomBytes(32).toString("base64")}\n`, { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as { code?: string }).code !== "EEXIST") throw error;
  }
  // A umask cannot widen 0600, but a file copied in by hand may be wider: tighten it.
  chmodSync(file, 0o600);
  const key = parseSecretKey(readFileSync(file, "utf8"));
  if (!key) throw new Error(`${file} does not hold a 32-byte base64 key`);
  return key;
}
