/**
 * mulberry32: a tiny seeded PRNG. The pure core never uses Math.random; tests,
 * scenario generators and benchmarks draw from this so a seed reproduces a run.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Uniform draws in [0, 1) from mulberry32. */
export function seededRandom(seed: number): () => number {
  const word = mulberry32(seed);
  return () => word() / 4_294_967_296;
}
