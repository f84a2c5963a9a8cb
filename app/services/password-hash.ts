/**
 * Password hashing with Node's built-in scrypt (memory-hard, RFC 7914). Parameters follow OWASP's
 * Password Storage Cheat Sheet (N=2^15, r=8, p=3: 32 MiB, one of its equivalent-strength
 * settings; the least memory of those that keep the work of N=2^17, so several sign-ins at once
 * fit a small server). Each hash carries its own parameters and a random 16-byte salt —
 * `scrypt$N$r$p$salt$hash` — so stronger parameters can be adopted later: `needsRehash` tells the
 * sign-in to re-hash a password stored with older ones.
 */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from "node:crypto";

interface Params {
  N: number;
  r: number;
  p: number;
}

const CURRENT: Params = { N: 2 ** 15, r: 8, p: 3 };
const KEY_LENGTH = 32;

function scrypt(password: string, salt: Buffer, params: Params): Promise<Buffer> {
  // Node refuses more than 32 MiB by default; scrypt needs 128·N·r bytes plus a margin.
  const maxmem = 128 * params.N * params.r * 2;
  return new Promise((resolve, reject) =>
    scryptCallback(password.normalize("NFKC"), salt, KEY_LENGTH, { ...params, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, CURRENT);
  const { N, r, p } = CURRENT;
  return `scrypt$${N}$${r}$${p}$${salt.toString("base64url")}$${key.toString("base64url")}`;
}

function parse(encoded: string): { params: Params; salt: Buffer; key: Buffer } | null {
  const parts = encoded.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return null;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  if (!N || !r || !p) return null;
  return {
    params: { N, r, p },
    salt: Buffer.from(parts[4] ?? "", "base64url"),
    key: Buffer.from(parts[5] ?? "", "base64url"),
  };
}

/** True when `password` matches `encoded`; compared in constant time. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const stored = parse(encoded);
  if (!stored || stored.key.length !== KEY_LENGTH) return false;
  const key = await scrypt(password, stored.salt, stored.params);
  return timingSafeEqual(key, stored.key);
}

/** True when the hash was made with other parameters than today's. */
export function needsRehash(encoded: string): boolean {
  const stored = parse(encoded);
  return (
    !stored || stored.params.N !== CURRENT.N || stored.params.r !== CURRENT.r || stored.params.p !== CURRENT.p
  );
}

/** Spends the time of a real verification, so an unknown email answers as slowly as a wrong password. */
let dummy: Promise<string> | undefined;
export async function verifyNothing(password: string): Promise<void> {
  dummy ??= hashPassword("not a password of anyone");
  await verifyPassword(password, await dummy);
}
