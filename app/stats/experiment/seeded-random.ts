/**
 * Deterministic pseudo-random numbers, so that an interleaved result page can be rebuilt
 * exactly from its seed when clicks arrive later.
 */

/** Mulberry32 PRNG (Tommy Ettinger, 2017): 32-bit state, uniform floats in [0, 1); same seed, same stream. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
