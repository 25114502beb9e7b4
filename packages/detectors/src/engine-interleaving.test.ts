import { describe, expect, it } from 'vitest';
import type { DetectorInput } from './engine';
import { causes, differing, runInterleaved } from './testing/run';
import { DAY, HOUR, MINUTE, MONDAY, call, mergeByTime, simulateBenign } from './testing/simulate';

const DAY2 = MONDAY + 2 * DAY;
const DAY3 = MONDAY + 3 * DAY;

/** simulateBenign's partition of an agent: its kind's index plus its own. */
function partitionOf(agent: string): number {
  const [kind, index] = agent.split('-');
  return ((kind === 'sales' ? 0 : 1) + Number(index)) % 4;
}

function on(input: DetectorInput): DetectorInput {
  return { ...input, partition: partitionOf(input.event.agentId) };
}

/**
 * Ten agents of two kinds on four partitions over four days, two of them joining on the third day
 * (warming up against their peers); from day 2 15:00 crm's get_account has a new definition,
 * which agents on every partition meet; on day 3 every sales agent takes up a new tool a few
 * minutes apart (on every partition: who counts as its established user depends on who came
 * first), sales-1 reads a vault secret and support-3 (on the partition that runs ahead) fans out over 60 users in 90 minutes.
 */
function scenario(): DetectorInput[] {
  const benign = simulateBenign({
    agentsPerKind: 10,
    fromMs: MONDAY,
    toMs: MONDAY + 4 * DAY,
    busyRate: 12,
    seed: 11,
    joinAt: new Map([
      [4, DAY2 + 10 * HOUR],
      [9, DAY3 + 9 * HOUR],
    ]),
  }).map((input) =>
    Date.parse(input.event.time) >= DAY2 + 15 * HOUR && input.event.toolName === 'get_account'
      ? { ...input, event: { ...input.event, toolSchemaHash: 'hash-get_account-v2' } }
      : input,
  );
  const extra = [
    ...Array.from({ length: 10 }, (_, i) =>
      [0, 1, 2].map((k) =>
        call(`sales-${i}`, DAY3 + 10 * HOUR + i * 7 * MINUTE + k * HOUR, `forecast-${i}-${k}`, {
          toolName: 'forecast',
          resourceUri: `crm://forecasts/q${k + 1}`,
        }),
      ),
    ).flat(),
    call('sales-1', DAY3 + 14 * HOUR, 'vault-1', { resourceUri: 'secrets://vault/root' }),
    ...Array.from({ length: 120 }, (_, i) =>
      call('sales-2', MONDAY + DAY + 9 * HOUR + i * 4_000, `burst-${i}`),
    ),
    ...Array.from({ length: 60 }, (_, i) =>
      call('support-3', DAY3 + 11 * HOUR + i * 90_000, `fanout-${i}`, {
        serverId: 'helpdesk',
        toolName: 'get_ticket',
        resourceUri: 'ticket://T-12345',
        onBehalfOf: `customer-${i}`,
      }),
    ),
  ].map(on);
  return mergeByTime(benign, extra);
}

/**
 * Four sales agents on partition 0, first seen Monday 10:00 (mature from Tuesday 10:00), calling
 * every 5 minutes; a newcomer on partition 1 from Tuesday 08:55 makes 150 calls between 09:00 and
 * 09:08, with no baseline of its own yet: only mature peers could say what to expect of it.
 */
function newcomerBeforePeersMature(): DetectorInput[] {
  const TUESDAY = MONDAY + DAY;
  const every5 = (agent: string, partition: number, from: number, to: number) =>
    Array.from({ length: (to - from) / (5 * MINUTE) }, (_, i) => ({
      ...call(agent, from + i * 5 * MINUTE, `${agent}-${i}`),
      partition,
    }));
  return mergeByTime(
    [0, 1, 2, 3].flatMap((i) =>
      every5(`sales-p${i}`, 0, MONDAY + 10 * HOUR + i * 1_000, TUESDAY + 14 * HOUR),
    ),
    [
      ...every5('sales-new', 1, TUESDAY + 8 * HOUR + 55 * MINUTE, TUESDAY + 14 * HOUR),
      ...Array.from({ length: 150 }, (_, i) => ({
        ...call('sales-new', TUESDAY + 9 * HOUR + i * 3_000, `burst-${i}`),
        partition: 1,
      })),
    ],
  );
}

/**
 * sales-4, on the partition that runs ahead, ramps up to 400 calls of 50 KB in the hour after day 3
 * 15:00: early firing judges the crossing event against the baselines the watermark has closed so far.
 */
function rampOnPartitionAhead(): DetectorInput[] {
  return Array.from({ length: 400 }, (_, i) =>
    on(
      call('sales-4', DAY3 + 15 * HOUR + Math.floor(Math.sqrt(i) * 3 * MINUTE), `ramp-${i}`, {
        responseBytes: 50_000,
      }),
    ),
  );
}

/**
 * sales-4, on the partition that runs ahead, makes 60 quick calls on day 3 at 16:00 (its early
 * judgments wait for the watermark) and then receives one 80 MB response: a window whose bytes that
 * one response explains stays quiet, as it does when the partitions keep together.
 */
function oversizedWhileWaiting(): DetectorInput[] {
  return [
    ...Array.from({ length: 60 }, (_, i) =>
      call('sales-4', DAY3 + 16 * HOUR + i * 4_000, `quick-${i}`),
    ),
    call('sales-4', DAY3 + 16 * HOUR + 5 * MINUTE, 'oversized', { responseBytes: 80_000_000 }),
  ]
    .sort((a, b) => Date.parse(a.event.time) - Date.parse(b.event.time))
    .map(on);
}

/** Small batches from each partition in turn: the partitions stay within minutes of each other. */
function roundRobin(): (heads: ReadonlyMap<number, number>) => number {
  let turn = 0;
  return (heads) => {
    const partitions = [...heads.keys()].sort((a, b) => a - b);
    return partitions[turn++ % partitions.length] as number;
  };
}

/** Partition 0 runs up to `aheadMs` of event time ahead of the others (a backlog read in large batches). */
function partitionZeroAhead(aheadMs: number): (heads: ReadonlyMap<number, number>) => number {
  return (heads) => {
    let slowest: number | undefined;
    for (const [partition, head] of heads)
      if (partition !== 0 && (slowest === undefined || head < (heads.get(slowest) as number)))
        slowest = partition;
    const zero = heads.get(0);
    if (slowest === undefined) return 0;
    return zero !== undefined && zero < (heads.get(slowest) as number) + aheadMs ? 0 : slowest;
  };
}

describe('judgments independent of how partitions interleave', () => {
  const inputs = scenario();
  const together = causes(runInterleaved(inputs, roundRobin(), 20));
  const apart = causes(runInterleaved(inputs, partitionZeroAhead(3 * HOUR), 50));

  it('catches the fan-out, the vault read, the new tool and the definition change', () => {
    const kinds = new Set([...together.values()].map((cause) => cause.split(' ')[0]));
    expect([...kinds]).toEqual(
      expect.arrayContaining(['principal_fanout', 'new_resource', 'tool_definition_changed']),
    );
  });

  it('reports the same causes at the same version and count when one partition runs hours ahead', () => {
    expect(differing(together, apart)).toEqual([]);
  });

  it('judges a newcomer against peers mature by its window’s time, however far their partition ran ahead', () => {
    const stream = newcomerBeforePeersMature();
    expect(
      differing(
        causes(runInterleaved(stream, roundRobin(), 20)),
        causes(runInterleaved(stream, partitionZeroAhead(3 * HOUR), 50)),
      ),
    ).toEqual([]);
  });

  // Early firing judges against the baseline of the crossing event's version, waiting for the
  // watermark when its partition runs ahead (early-deferral.ts); before that, the ramp's
  // call_volume first fired in another window (another id) when partition 0 ran ahead.
  it('a ramp on the partition that runs ahead first fires in the same window', () => {
    const stream = mergeByTime(inputs, rampOnPartitionAhead());
    expect(
      differing(
        causes(runInterleaved(stream, roundRobin(), 20)),
        causes(runInterleaved(stream, partitionZeroAhead(3 * HOUR), 50)),
      ),
    ).toEqual([]);
  });

  it('an oversized response of an agent whose judgments wait keeps its windows quiet', () => {
    const stream = mergeByTime(inputs, oversizedWhileWaiting());
    const inOrder = causes(runInterleaved(stream, roundRobin(), 20));
    expect([...inOrder.values()]).toContainEqual(
      expect.stringMatching(/^payload_size sales-4 v1 /),
    );
    expect(
      differing(inOrder, causes(runInterleaved(stream, partitionZeroAhead(3 * HOUR), 50))),
    ).toEqual([]);
  });

  // On entering a window the engine watches the agent's hour and day windows even when its baseline
  // of that scale, as of the watermark, is still too short to judge: the baseline of each event's
  // version says whether it can, and with partitions two days apart the watermark's lags far behind.
  it('the fan-out on a partition two days ahead first fires in the same window', () => {
    expect(
      differing(together, causes(runInterleaved(inputs, partitionZeroAhead(48 * HOUR), 50))),
    ).toEqual([]);
  });
});
