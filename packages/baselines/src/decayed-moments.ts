/**
 * Exponentially decayed count, mean and squared deviation of a series, stored
 * as three consecutive numbers in a Float64Array (compact, allocation-free and
 * trivially serializable). Each new sample multiplies the weight of older ones
 * by `decay`, so the statistics follow a drifting behaviour.
 */
export const MOMENTS_STRIDE = 3;

export function observeMoments(
  store: Float64Array,
  at: number,
  value: number,
  decay: number,
): void {
  const count = (store[at] as number) * decay + 1;
  const mean = store[at + 1] as number;
  const delta = value - mean;
  const nextMean = mean + delta / count;
  store[at] = count;
  store[at + 1] = nextMean;
  store[at + 2] = (store[at + 2] as number) * decay + delta * (value - nextMean);
}

export function momentsCount(store: Float64Array, at: number): number {
  return store[at] as number;
}

export function momentsMean(store: Float64Array, at: number): number {
  return store[at + 1] as number;
}

export function momentsSd(store: Float64Array, at: number): number {
  const count = store[at] as number;
  return count > 0 ? Math.sqrt(Math.max(0, (store[at + 2] as number) / count)) : 0;
}

/** Adds the moments at `from[fromAt]` into `into[intoAt]` (pooled statistics of both series). */
export function mergeMoments(
  into: Float64Array,
  intoAt: number,
  from: Float64Array,
  fromAt: number,
): void {
  const n1 = into[intoAt] as number;
  const n2 = from[fromAt] as number;
  if (n2 <= 0) return;
  const m1 = into[intoAt + 1] as number;
  const m2 = from[fromAt + 1] as number;
  const count = n1 + n2;
  const delta = m2 - m1;
  into[intoAt] = count;
  into[intoAt + 1] = m1 + (delta * n2) / count;
  into[intoAt + 2] =
    (into[intoAt + 2] as number) + (from[fromAt + 2] as number) + (delta * delta * n1 * n2) / count;
}

/** Decay factor per sample so that a sample's weight halves after `halfLifeSamples` samples. */
export function decayForHalfLife(halfLifeSamples: number): number {
  return halfLifeSamples > 0 ? Math.pow(0.5, 1 / halfLifeSamples) : 0;
}
