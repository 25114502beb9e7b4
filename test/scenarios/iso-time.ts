/**
 * RFC 3339 UTC timestamps for sorted event times. Consecutive events mostly share their minute, so the
 * minute's prefix is formatted once; generation formats a quarter of a million of these.
 */
export function createIsoFormatter(): (timeMs: number) => string {
  let minute = Number.NaN;
  // Character codes of "YYYY-MM-DDTHH:MM:SS.mmmZ"; the minute's part is rewritten only when it changes.
  const codes: number[] = Array.from('1970-01-01T00:00:00.000Z', (c) => c.charCodeAt(0));
  return (timeMs) => {
    const m = Math.floor(timeMs / 60_000);
    if (m !== minute) {
      minute = m;
      const prefix = new Date(m * 60_000).toISOString();
      for (let i = 0; i < 17; i++) codes[i] = prefix.charCodeAt(i);
    }
    const ms = Math.floor(timeMs) - m * 60_000;
    codes[17] = 48 + Math.floor(ms / 10_000);
    codes[18] = 48 + (Math.floor(ms / 1000) % 10);
    codes[20] = 48 + (Math.floor(ms / 100) % 10);
    codes[21] = 48 + (Math.floor(ms / 10) % 10);
    codes[22] = 48 + (ms % 10);
    return String.fromCharCode.apply(null, codes);
  };
}
