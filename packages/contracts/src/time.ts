import { z } from 'zod';

/** RFC 3339 timestamp with seconds and an explicit offset; zod's pattern also rejects impossible dates. */
export const rfc3339 = z.iso.datetime({ offset: true });

/**
 * How far behind the newest event of its partition an event may be and still be
 * scored (the contract's default: 5 minutes). Later ones are stored, flagged late.
 */
export const DEFAULT_ALLOWED_LATENESS_MS = 5 * 60_000;

/** Milliseconds since the epoch for a timestamp that passed `rfc3339`. */
export function toEpochMs(timestamp: string): number {
  return Date.parse(timestamp);
}
