import {
  MOMENTS_STRIDE,
  decayForHalfLife,
  momentsCount,
  momentsMean,
  momentsSd,
  observeMoments,
} from './decayed-moments';

/**
 * Sizes (bytes returned per call) on a log10 scale: payloads spread over
 * orders of magnitude, so "50 MB where KBs are usual" is a large z on this
 * scale while 4 KB vs 6 KB is not.
 */
export interface SizeExpectation {
  /** Typical size in bytes (geometric mean). */
  readonly typicalBytes: number;
  readonly meanLog: number;
  readonly sdLog: number;
  readonly samples: number;
}

export function log10Size(bytes: number): number {
  return Math.log10(bytes + 1);
}

export function observeSize(store: Float64Array, at: number, bytes: number, decay: number): void {
  observeMoments(store, at, log10Size(bytes), decay);
}

export function sizeExpectation(store: Float64Array, at: number): SizeExpectation {
  const meanLog = momentsMean(store, at);
  return {
    typicalBytes: Math.pow(10, meanLog) - 1,
    meanLog,
    sdLog: momentsSd(store, at),
    samples: momentsCount(store, at),
  };
}

/** Decay per call for a size baseline: a call's weight halves after `halfLifeCalls` calls. */
export function sizeDecay(halfLifeCalls: number): number {
  return decayForHalfLife(halfLifeCalls);
}

export { MOMENTS_STRIDE };
