import { createHash } from "node:crypto";

/*
 * Deterministic assignment (docs/assignment.md). SHA-256 is in every language's standard library,
 * so any client that knows an experiment's salt can reproduce the assignment offline, and its
 * output is uniform enough that 32 bits give buckets far finer than any weight needs.
 */

/** A number in [0, 1): the first 4 bytes of SHA-256("<salt>:<unit>") as a big-endian uint32 / 2³². */
export function bucketOf(salt: string, unit: string): number {
  const digest = createHash("sha256").update(`${salt}:${unit}`, "utf8").digest();
  return digest.readUInt32BE(0) / 2 ** 32;
}

/** Index of the variant whose cumulative-weight interval contains the unit's bucket. */
export function chooseVariant(salt: string, unit: string, weights: readonly number[]): number {
  const u = bucketOf(salt, unit);
  let cumulative = 0;
  for (let i = 0; i < weights.length; i++) {
    cumulative += weights[i] ?? 0;
    if (u < cumulative) return i;
  }
  // Weights sum to 1 within 1e-9; a bucket in that last sliver belongs to the last variant.
  return weights.length - 1;
}
