import { StreamingError } from './errors';

/**
 * Event-time windows aligned to the epoch (plus `offsetMs`): a tumbling window
 * when `hopMs` equals `sizeMs`, a hopping (overlapping) one when it is smaller.
 * A window is the half-open interval [start, start + sizeMs): an event exactly
 * at a window's end belongs to the next window.
 */
export interface WindowSpec {
  readonly sizeMs: number;
  readonly hopMs: number;
  readonly offsetMs: number;
}

export function tumblingWindows(sizeMs: number, offsetMs = 0): WindowSpec {
  return windowSpec(sizeMs, sizeMs, offsetMs);
}

export function hoppingWindows(sizeMs: number, hopMs: number, offsetMs = 0): WindowSpec {
  return windowSpec(sizeMs, hopMs, offsetMs);
}

function windowSpec(sizeMs: number, hopMs: number, offsetMs: number): WindowSpec {
  const integral =
    Number.isSafeInteger(sizeMs) && Number.isSafeInteger(hopMs) && Number.isSafeInteger(offsetMs);
  if (!integral || sizeMs <= 0 || hopMs <= 0 || hopMs > sizeMs || sizeMs % hopMs !== 0) {
    throw new StreamingError(
      'VIGIL_STREAM_BAD_WINDOW_SPEC',
      `windows need integer sizeMs > 0 and 0 < hopMs <= sizeMs with sizeMs a multiple of hopMs (got size ${sizeMs}, hop ${hopMs}, offset ${offsetMs})`,
    );
  }
  return { sizeMs, hopMs, offsetMs };
}

/** Start of the latest window (the last hop) that contains `time`. */
export function latestWindowStart(time: number, spec: WindowSpec): number {
  const shifted = time - spec.offsetMs;
  return shifted - mod(shifted, spec.hopMs) + spec.offsetMs;
}

/**
 * Writes the starts of every window containing `time` into `out`, oldest
 * first, and returns how many there are (sizeMs / hopMs). `out` is reused by
 * callers on hot paths so that assigning windows allocates nothing.
 */
export function assignWindows(time: number, spec: WindowSpec, out: number[]): number {
  const count = spec.sizeMs / spec.hopMs;
  const latest = latestWindowStart(time, spec);
  for (let i = 0; i < count; i++) out[i] = latest - (count - 1 - i) * spec.hopMs;
  return count;
}

function mod(value: number, divisor: number): number {
  const r = value % divisor;
  return r < 0 ? r + divisor : r;
}
