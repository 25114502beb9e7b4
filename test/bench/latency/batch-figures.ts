/** One stage's batch counters (from its /metrics) for one input topic. */
export interface BatchCounters {
  batches: number;
  seconds: number;
  messages: number;
}

/** Reads a service's batch counters for `topic` from its Prometheus text. */
export async function readBatchCounters(port: number, topic: string): Promise<BatchCounters> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const value = (name: string) => {
    const line = text
      .split('\n')
      .find((l) => l.startsWith(`${name}{`) && l.includes(`topic="${topic}"`));
    return Number(line?.split(' ').at(-1) ?? 0);
  };
  return {
    batches: value('vigil_batch_seconds_count'),
    seconds: value('vigil_batch_seconds_sum'),
    messages: value('vigil_messages_in_total'),
  };
}

/** "n batches, m messages each, x ms each" between two readings. */
export function formatBatches(before: BatchCounters, after: BatchCounters): string {
  const batches = after.batches - before.batches;
  if (batches === 0) return 'no batches';
  const each = (after.messages - before.messages) / batches;
  const ms = ((after.seconds - before.seconds) * 1000) / batches;
  return `${batches} × ${Math.round(each)} msgs, ${Math.round(ms)} ms each`;
}
