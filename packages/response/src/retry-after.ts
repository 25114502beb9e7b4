/**
 * Milliseconds to wait from a `Retry-After` header: either delay-seconds or an HTTP
 * date (RFC 9110 §10.2.3). Undefined when absent or unreadable, so the caller falls
 * back to its own backoff.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  nowMs: number,
): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const dateMs = Date.parse(trimmed);
  if (Number.isNaN(dateMs)) return undefined;
  return Math.max(0, dateMs - nowMs);
}
