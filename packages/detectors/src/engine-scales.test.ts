import { describe, expect, it } from 'vitest';
import { anomalyId } from './anomaly-id';
import type { CoreAnomaly } from './anomaly';
import { createDetectionEngine, type DetectorInput } from './engine';
import { latestVersions, runStream } from './testing/run';
import { DAY, HOUR, MINUTE, MONDAY, call, mergeByTime, simulateBenign } from './testing/simulate';

/** Eight days from a Monday: busy 09–17 on weekdays (15 calls per 10 minutes), each agent acting for 3 users. */
const days = { fromMs: MONDAY, toMs: MONDAY + 8 * DAY };
const benign = simulateBenign({ ...days, agentsPerKind: 5, busyRate: 15, seed: 11 });
const WEDNESDAY = MONDAY + 2 * DAY;
const NEXT_MONDAY = MONDAY + 7 * DAY;

/** `count` calls spread evenly over `spanMs` from `from`. */
function spread(
  count: number,
  from: number,
  spanMs: number,
  build: (time: number, i: number) => DetectorInput,
): DetectorInput[] {
  return Array.from({ length: count }, (_, i) => build(from + Math.floor((i * spanMs) / count), i));
}

/** 30 users in one hour, 5 per 10-minute window, where 3 a day are usual. */
const slowFanout = spread(30, WEDNESDAY + 10 * HOUR, HOUR, (t, i) =>
  call('sales-1', t, `fan-${i}`, { onBehalfOf: `victim-${i}` }),
);
/** 420 calls more in one hour (70 per 10-minute window, under the 100-call floor), ~5.5x the hour's usual. */
const slowVolume = spread(420, WEDNESDAY + 14 * HOUR, HOUR, (t, i) =>
  call('sales-4', t, `vol-${i}`, { toolName: 'search_accounts' }),
);
/** 86 MB in a day, ~20x the usual 4 MB, as 288 responses of 300 KB (2 per 10 minutes, day and night). */
const slowExfiltration = spread(288, NEXT_MONDAY, DAY, (t, i) =>
  call('support-2', t, `exf-${i}`, { toolName: 'search_kb', responseBytes: 300_000 }),
);

function nightlyBatch(agent: string, nights: number): DetectorInput[] {
  return Array.from({ length: nights }, (_, night) =>
    spread(600, MONDAY + night * DAY + 2 * HOUR, 30 * MINUTE, (t, i) =>
      call(agent, t, `batch-${night}-${i}`, {
        toolName: 'update_opportunity',
        responseBytes: 40_000,
      }),
    ),
  ).flat();
}

const scaleOf = (anomaly: CoreAnomaly) =>
  /in 1 day/.test(anomaly.explanation)
    ? '1d'
    : /in 1 hour/.test(anomaly.explanation)
      ? '1h'
      : '10m';

describe('window kinds over 1 hour and 1 day', () => {
  const attacked = mergeByTime(benign, [...slowFanout, ...slowVolume, ...slowExfiltration]);
  const found = runStream(attacked);
  const reported = latestVersions(found);

  it('stay quiet at every scale on the benign week, weekend included', () => {
    expect(runStream(benign)).toEqual([]);
  });

  it('catch a slow fan-out at 1 hour that no 10-minute window shows', () => {
    const fanout = reported.filter((a) => a.agentId === 'sales-1');
    expect(fanout.map((a) => [a.kind, scaleOf(a), a.observed])).toEqual([
      ['principal_fanout', '1h', '33 distinct users'],
    ]);
    // First seen, while still open, by the hour from 09:40, some 20 minutes into the fan-out (early
    // firing); the hour from 10:00 saw it whole at its close.
    const first = WEDNESDAY + 10 * HOUR - 20 * MINUTE;
    expect(fanout[0]).toMatchObject({
      anomalyId: anomalyId('principal_fanout', 'sales-1', first, '1h\u0000users'),
    });
    const seenAt = Date.parse(fanout[0]?.eventTime ?? '');
    expect(seenAt).toBeGreaterThan(WEDNESDAY + 10 * HOUR);
    expect(seenAt).toBeLessThan(first + HOUR);
    expect(found.find((a) => a.agentId === 'sales-1')?.explanation).toMatch(/still open/);
    expect(fanout[0]?.anomalyId).not.toBe(anomalyId('principal_fanout', 'sales-1', first, 'users'));
    expect(fanout[0]?.explanation).toMatch(
      /^agent sales-1 acted for 33 distinct users in 1 hour; its usual for weekdays 10:00 is 3 ± 1.7;/,
    );
    expect(fanout[0]?.evidenceEventIds.filter((id) => id.startsWith('fan-'))).toHaveLength(17);
  });

  it('catch calls 5x the hour’s usual spread over the hour', () => {
    const volume = reported.filter((a) => a.agentId === 'sales-4');
    expect(volume.map((a) => [a.kind, scaleOf(a)])).toEqual([['call_volume', '1h']]);
    expect(volume[0]?.explanation).toMatch(
      /^agent sales-4 made 4\d\d search_accounts calls to crm in 1 hour; its usual for weekdays 14:00 is /,
    );
  });

  it('catch the same calls starting at half past, which tumbling hours would split in two', () => {
    const halfPast = spread(420, WEDNESDAY + 14 * HOUR + 30 * MINUTE, HOUR, (t, i) =>
      call('sales-4', t, `vol-${i}`, { toolName: 'search_accounts' }),
    );
    const stream = mergeByTime(benign, halfPast);
    const volume = (config = {}) =>
      latestVersions(runStream(stream, config)).filter((a) => a.agentId === 'sales-4');
    expect(volume().map((a) => [a.kind, scaleOf(a)])).toEqual([['call_volume', '1h']]);
    const tumbling = [{ ms: HOUR, minBaselineWindows: 24, callVolumeMinCalls: 250 }];
    expect(volume({ windowScales: tumbling })).toEqual([]);
  });

  it('catch a slow exfiltration at 1 day: ordinary responses, 20x the usual bytes', () => {
    const exfiltration = reported.filter((a) => a.agentId === 'support-2');
    expect(exfiltration.map((a) => [a.kind, scaleOf(a)])).toEqual([['payload_size', '1d']]);
    // First seen, while still open, by the day from Sunday noon; Monday's day saw it whole.
    const first = NEXT_MONDAY - 12 * HOUR;
    expect(exfiltration[0]).toMatchObject({
      anomalyId: anomalyId('payload_size', 'support-2', first, '1d\u0000window'),
    });
    expect(Date.parse(exfiltration[0]?.eventTime ?? '')).toBeLessThan(first + DAY);
    expect(exfiltration[0]?.observed).toMatch(/^9\d\.\d MB in 1 day$/);
    expect(exfiltration[0]?.explanation).toContain('its usual for a weekday is 4.');
  });

  it('learn a nightly batch job: never flagged over an hour or a day, and at 10 minutes only on its first weekend', () => {
    const batch = runStream(mergeByTime(benign, nightlyBatch('sales-3', 8)));
    expect(batch.filter((a) => scaleOf(a) !== '10m')).toEqual([]);
    const firstWeekend = (a: CoreAnomaly) =>
      Date.parse(a.eventTime) > MONDAY + 5 * DAY && Date.parse(a.eventTime) < NEXT_MONDAY;
    expect(batch.filter((a) => !firstWeekend(a))).toEqual([]);
  });

  it('scale expectations with a population-wide surge, so the whole population at 6x for an hour is quiet', () => {
    const surge = ['sales', 'support'].flatMap((kind) =>
      Array.from({ length: 5 }, (_, agent) =>
        spread(450, WEDNESDAY + 14 * HOUR, HOUR, (t, i) =>
          call(`${kind}-${agent}`, t, `surge-${kind}-${agent}-${i}`),
        ),
      ).flat(),
    );
    expect(runStream(mergeByTime(benign, surge))).toEqual([]);
  });

  it('give the same anomalies and ids on replay', () => {
    expect(runStream(attacked)).toEqual(found);
  });

  it.each([
    ['mid-hour, in the slow fan-out', WEDNESDAY + 10 * HOUR + 25 * MINUTE],
    ['mid-day, in the slow exfiltration', NEXT_MONDAY + 13 * HOUR + 25 * MINUTE],
  ])('give the same anomalies and ids after a snapshot and restore %s', (_, cutMs) => {
    const cut = attacked.findIndex((input) => Date.parse(input.event.time) >= cutMs);
    const original = createDetectionEngine();
    const before: CoreAnomaly[] = [];
    for (const input of attacked.slice(0, cut)) before.push(...original.ingest(input).anomalies);
    const restarted = createDetectionEngine();
    for (const agentId of original.takeDirtyAgents().reverse())
      restarted.restoreAgent(agentId, JSON.parse(JSON.stringify(original.snapshotAgent(agentId))));
    expect(restarted.stats().openScaleWindows).toBe(original.stats().openScaleWindows);
    const rest = attacked.slice(cut);
    const expected = runStream(rest, {}, original);
    expect([...before, ...expected]).toEqual(found);
    expect(runStream(rest, {}, restarted)).toEqual(expected);
  });

  it('restore a snapshot written before scales existed, starting them empty', () => {
    const original = createDetectionEngine();
    for (const input of benign.slice(0, 5_000)) original.ingest(input);
    const { scales, ...older } = original.snapshotAgent('sales-1') as { scales: unknown[] };
    expect(scales).toHaveLength(2);
    const restored = createDetectionEngine();
    restored.restoreAgent('sales-1', older);
    expect(restored.snapshotAgent('sales-1')).toMatchObject({
      scales: [
        { ms: HOUR, windows: [] },
        { ms: DAY, windows: [] },
      ],
    });
  });

  it('open only the hours and days a newcomer was there for from their start', () => {
    const engine = createDetectionEngine();
    // First seen at 09:05: of the hours around its first window (08:20, 08:40, 09:00) and the days
    // (Sunday and Monday from noon, Monday from midnight), only the hour from 09:00 is opened.
    engine.ingest(call('sales-1', MONDAY + 9 * HOUR + 5 * MINUTE, 'first'));
    expect(engine.stats().openScaleWindows).toBe(0);
    // The watermark (09:30) passed 09:10: the first window rolled up into the hour from 09:00 alone.
    engine.ingest(call('sales-1', MONDAY + 9 * HOUR + 35 * MINUTE, 'second'));
    expect(engine.stats().openScaleWindows).toBe(1);
  });

  it('rejects scales that are not larger whole multiples of the window, with a code', () => {
    for (const windowScales of [[{ ms: 25 * MINUTE }], [{ ms: DAY }, { ms: HOUR }]]) {
      expect(() => createDetectionEngine({ windowScales })).toThrow(
        expect.objectContaining({ code: 'VIGIL_DETECT_BAD_CONFIG' }),
      );
    }
  });

  it('judge 10-minute windows only when no scale is configured', () => {
    const base = runStream(attacked, { windowScales: [] });
    expect(base.filter((a) => ['sales-1', 'sales-4', 'support-2'].includes(a.agentId))).toEqual([]);
  });
});
