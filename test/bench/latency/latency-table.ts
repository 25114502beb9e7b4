/** Latencies of one group of attacks: ms each, and how many attacks never got there. */
export interface LatencySample {
  ms: number[];
  missing: number;
}

/** Nearest-rank percentile (`p` in 0–100) of values; undefined when there are none. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

/** "p50 / p99 / max" in ms, with the count reached, e.g. `5/5: 310 / 820 / 820`. */
export function formatLatency({ ms, missing }: LatencySample): string {
  const total = ms.length + missing;
  if (ms.length === 0) return `0/${total}: -`;
  const figures = [percentile(ms, 50), percentile(ms, 99), Math.max(...ms)].map((v) =>
    Math.round(v ?? 0).toLocaleString('en'),
  );
  return `${ms.length}/${total}: ${figures.join(' / ')}`;
}

/** A Markdown table: the header row, a rule, then the rows, columns padded to line up. */
export function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
