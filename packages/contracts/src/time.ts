import { z } from 'zod';

/** RFC 3339 timestamp with seconds and an explicit offset; zod's pattern also rejects impossible dates. */
export const rfc3339 = z.iso.datetime({ offset: true });

/** Milliseconds since the epoch for a timestamp that passed `rfc3339`. */
export function toEpochMs(timestamp: string): number {
  return Date.parse(timestamp);
}
