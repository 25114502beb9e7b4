import { toEpochMs, type Anomaly, type IsolationAlert } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { createIsolationPolicy } from './isolation-policy';
import { parsePolicy } from './policy';
import { at, makeAnomaly } from './testing/anomaly';

const T0 = toEpochMs(at(0));
const policy = parsePolicy({
  rules: [
    { kinds: '*', minScore: 90, action: 'isolate' },
    { kinds: '*', minScore: 60, action: 'notify' },
  ],
  suppressionWindowMs: 15 * 60_000,
  groupingWindowMs: 10_000,
  neverIsolate: ['trusted-agent'],
});

const notify = (id: string, second: number, extra: Partial<Anomaly> = {}) =>
  makeAnomaly({ anomalyId: id, eventTime: at(second), score: 70, severity: 'medium', ...extra });
const isolate = (id: string, second: number, extra: Partial<Anomaly> = {}) =>
  makeAnomaly({ anomalyId: id, eventTime: at(second), score: 95, severity: 'critical', ...extra });

describe('createIsolationPolicy', () => {
  it('raises nothing for an anomaly below every rule', () => {
    const engine = createIsolationPolicy(policy);
    expect(engine.offer(notify('a', 0, { score: 40 }), T0)).toEqual([]);
    expect(engine.tick(T0 + 60_000)).toEqual([]);
  });

  it('alerts at once when an anomaly reaches the isolate threshold', () => {
    const engine = createIsolationPolicy(policy);
    const [alert, ...rest] = engine.offer(isolate('a', 0), T0 + 200);
    expect(rest).toEqual([]);
    expect(alert).toMatchObject({
      agentId: 'agent-a',
      action: 'isolate',
      severity: 'critical',
      score: 95,
      createdAt: new Date(T0 + 200).toISOString(),
    });
  });

  it('combines several notify anomalies of one agent in the grouping window into one alert', () => {
    const engine = createIsolationPolicy(policy);
    expect(engine.offer(notify('a', 0), T0)).toEqual([]);
    expect(engine.offer(notify('b', 3, { score: 80, severity: 'high' }), T0 + 3000)).toEqual([]);
    expect(engine.offer(notify('c', 6, { kind: 'call_volume' }), T0 + 6000)).toEqual([]);
    expect(engine.tick(T0 + 9_999)).toEqual([]);

    const [alert, ...rest] = engine.tick(T0 + 10_000);
    expect(rest).toEqual([]);
    expect(alert?.action).toBe('notify');
    expect(alert?.anomalies.map((a) => a.anomalyId)).toEqual(['b', 'a', 'c']);
    expect(alert?.score).toBe(80);
    expect(alert?.severity).toBe('high');
    expect(engine.tick(T0 + 20_000)).toEqual([]);
  });

  it('builds the reason as one sentence from the top anomaly explanation', () => {
    const engine = createIsolationPolicy(policy);
    engine.offer(notify('a', 0, { explanation: 'Called export 900 times in a minute.' }), T0);
    engine.offer(notify('b', 1, { score: 65 }), T0);
    const [alert] = engine.tick(T0 + 10_000);
    expect(alert?.reason).toBe(
      'Agent agent-a should be reviewed: Called export 900 times in a minute (and 1 more anomaly).',
    );
  });

  it('keeps different agents in different alerts', () => {
    const engine = createIsolationPolicy(policy);
    engine.offer(notify('a', 0), T0);
    engine.offer(notify('b', 1, { agentId: 'agent-b' }), T0);
    const alerts = engine.tick(T0 + 10_000);
    expect(alerts.map((a) => a.agentId).sort()).toEqual(['agent-a', 'agent-b']);
  });

  it('suppresses a second alert of the same severity inside the suppression window', () => {
    const engine = createIsolationPolicy(policy);
    expect(engine.offer(isolate('a', 0), T0)).toHaveLength(1);
    expect(engine.offer(isolate('b', 60), T0 + 60_000)).toEqual([]);
    expect(engine.offer(isolate('c', 14 * 60), T0 + 14 * 60_000)).toEqual([]);
    // The window is measured on event time: the next one is due 15 minutes after the first.
    expect(engine.offer(isolate('d', 15 * 60), T0 + 15 * 60_000)).toHaveLength(1);
  });

  it('sends again inside the window when the severity rises', () => {
    const engine = createIsolationPolicy(policy);
    engine.offer(notify('a', 0), T0);
    expect(engine.tick(T0 + 10_000)[0]?.severity).toBe('medium');

    engine.offer(notify('b', 60, { score: 75, severity: 'high' }), T0 + 60_000);
    expect(engine.tick(T0 + 70_000)[0]?.severity).toBe('high');

    engine.offer(notify('c', 120, { score: 75, severity: 'medium' }), T0 + 120_000);
    expect(engine.tick(T0 + 130_000)).toEqual([]);
  });

  it('sends an isolation inside the window of an earlier notification of the same severity', () => {
    const engine = createIsolationPolicy(policy);
    engine.offer(notify('a', 0, { severity: 'critical' }), T0);
    expect(engine.tick(T0 + 10_000)[0]?.action).toBe('notify');
    expect(engine.offer(isolate('b', 30), T0 + 30_000)[0]?.action).toBe('isolate');
  });

  it('only notifies about an agent on the never-isolate list', () => {
    const engine = createIsolationPolicy(policy);
    expect(engine.offer(isolate('a', 0, { agentId: 'trusted-agent' }), T0)).toEqual([]);
    const [alert] = engine.tick(T0 + 10_000);
    expect(alert).toMatchObject({
      agentId: 'trusted-agent',
      action: 'notify',
      severity: 'critical',
    });
  });

  it('carries pending notify anomalies along with an immediate isolation', () => {
    const engine = createIsolationPolicy(policy);
    engine.offer(notify('a', 0), T0);
    const [alert] = engine.offer(isolate('b', 2), T0 + 2000);
    expect(alert?.action).toBe('isolate');
    expect(alert?.anomalies.map((a) => a.anomalyId)).toEqual(['b', 'a']);
    expect(engine.tick(T0 + 60_000)).toEqual([]);
  });

  it('counts an anomaly offered twice once', () => {
    const engine = createIsolationPolicy(policy);
    engine.offer(notify('a', 0), T0);
    engine.offer(notify('a', 0), T0 + 100);
    expect(engine.tick(T0 + 10_000)[0]?.anomalies).toHaveLength(1);
  });

  it('closes a group when a later anomaly falls outside its event-time window', () => {
    const engine = createIsolationPolicy(policy);
    engine.offer(notify('a', 0), T0);
    const [closed] = engine.offer(notify('b', 11, { severity: 'high' }), T0 + 1000);
    expect(closed?.anomalies.map((a) => a.anomalyId)).toEqual(['a']);
    expect(engine.tick(T0 + 11_000)[0]?.anomalies.map((a) => a.anomalyId)).toEqual(['b']);
  });

  it('yields the same alert ids whether anomalies are replayed fast or arrive live', () => {
    const stream = [
      notify('a', 0),
      notify('b', 4),
      notify('c', 12, { severity: 'high' }),
      isolate('d', 20),
      notify('e', 30, { agentId: 'agent-b' }),
      notify('f', 35, { agentId: 'agent-b', severity: 'high' }),
    ];
    const live = createIsolationPolicy(policy);
    const liveAlerts: IsolationAlert[] = [];
    for (let second = 0; second <= 60; second++) {
      for (const anomaly of stream.filter((a) => a.eventTime === at(second))) {
        liveAlerts.push(...live.offer(anomaly, T0 + second * 1000 + 500));
      }
      liveAlerts.push(...live.tick(T0 + second * 1000 + 999));
    }
    const fast = createIsolationPolicy(policy);
    const fastAlerts = stream.flatMap((a) => fast.offer(a, T0 + 100_000));
    fastAlerts.push(...fast.tick(T0 + 200_000));

    const ids = (alerts: IsolationAlert[]) => alerts.map((a) => a.alertId).sort();
    expect(liveAlerts).toHaveLength(3);
    expect(ids(fastAlerts)).toEqual(ids(liveAlerts));
  });

  it('carries one agent at a time: suppression and pending groups follow the agent to another instance', () => {
    const engine = createIsolationPolicy(policy);
    engine.offer(isolate('a', 0), T0);
    engine.offer(notify('b', 1, { agentId: 'agent-b' }), T0 + 1000);
    expect(engine.takeChangedAgents()).toEqual(['agent-a', 'agent-b']);
    expect(engine.takeChangedAgents()).toEqual([]);

    const elsewhere = createIsolationPolicy(policy);
    for (const agentId of ['agent-a', 'agent-b']) {
      elsewhere.restoreAgent(JSON.parse(JSON.stringify(engine.snapshotAgent(agentId))));
    }
    expect(elsewhere.offer(isolate('c', 60), T0 + 60_000)).toEqual([]);
    expect(elsewhere.tick(T0 + 11_000)[0]?.anomalies.map((a) => a.anomalyId)).toEqual(['b']);
    expect(elsewhere.takeChangedAgents()).toEqual(['agent-a', 'agent-b']);

    elsewhere.dropAgent('agent-a');
    expect(elsewhere.snapshotAgent('agent-a')).toBeUndefined();
    expect(elsewhere.offer(isolate('d', 120), T0 + 120_000)).toHaveLength(1);
    expect(() => elsewhere.restoreAgent({ agentId: 7 })).toThrow(
      expect.objectContaining({ code: 'VIGIL_RESPONSE_SNAPSHOT_INVALID' }),
    );
  });

  it('forgets an agent once its suppression has long ended, so state stays bounded', () => {
    const engine = createIsolationPolicy(policy);
    engine.offer(isolate('a', 0), T0);
    engine.offer(notify('z', 31 * 60, { agentId: 'agent-b' }), T0 + 31 * 60_000);
    engine.tick(T0 + 31 * 60_000);
    expect(engine.snapshotAgent('agent-a')).toBeUndefined();
    expect(engine.snapshotAgent('agent-b')).toBeDefined();
  });

  describe('versions of one anomaly (one cause, updated by version)', () => {
    const version = (base: Anomaly, v: number, extra: Partial<Anomaly>) => ({
      ...base,
      version: v,
      count: v,
      evidenceEventIds: [...base.evidenceEventIds, `ev-v${v}`],
      ...extra,
    });

    it('raises an alert when a later version first reaches a rule', () => {
      const engine = createIsolationPolicy(policy);
      const v1 = notify('a', 0, { score: 40, severity: 'low' });
      expect(engine.offer(v1, T0)).toEqual([]);
      expect(engine.tick(T0 + 10_000)).toEqual([]);
      expect(engine.offer(version(v1, 2, { score: 70, severity: 'medium' }), T0 + 20_000)).toEqual(
        [],
      );
      const [alert] = engine.tick(T0 + 30_000);
      expect(alert).toMatchObject({ action: 'notify', severity: 'medium', score: 70 });
    });

    it('escalates when a new version raises severity or action, and stays quiet when it does not', () => {
      const engine = createIsolationPolicy(policy);
      const v1 = notify('a', 0);
      engine.offer(v1, T0);
      const [first] = engine.tick(T0 + 10_000);
      expect(first).toMatchObject({ action: 'notify', severity: 'medium' });

      // More occurrences, a higher score, the same severity and action: no second webhook.
      engine.offer(version(v1, 2, { score: 74 }), T0 + 60_000);
      expect(engine.tick(T0 + 70_000)).toEqual([]);

      engine.offer(version(v1, 3, { score: 80, severity: 'high' }), T0 + 120_000);
      const [higher] = engine.tick(T0 + 130_000);
      expect(higher).toMatchObject({ action: 'notify', severity: 'high', score: 80 });

      const [isolated, ...rest] = engine.offer(
        version(v1, 4, { score: 96, severity: 'critical' }),
        T0 + 180_000,
      );
      expect(rest).toEqual([]);
      expect(isolated).toMatchObject({ action: 'isolate', severity: 'critical', score: 96 });
      expect(new Set([first?.alertId, higher?.alertId, isolated?.alertId]).size).toBe(3);

      // Hours of event time later the cause still repeats: its event time is the first one's.
      engine.offer(version(v1, 5, { score: 97, severity: 'critical' }), T0 + 5 * 3_600_000);
      expect(engine.tick(T0 + 5 * 3_600_000 + 10_000)).toEqual([]);
    });

    it('sends a pending group with the latest version of each anomaly, once', () => {
      const engine = createIsolationPolicy(policy);
      const v1 = notify('a', 0);
      engine.offer(v1, T0);
      engine.offer(version(v1, 2, { score: 75, explanation: 'Seen twice now.' }), T0 + 2_000);
      engine.offer(v1, T0 + 3_000); // an older version arriving again changes nothing
      const [alert, ...rest] = engine.tick(T0 + 10_000);
      expect(rest).toEqual([]);
      expect(alert?.anomalies).toEqual([
        { anomalyId: 'a', kind: v1.kind, score: 75, explanation: 'Seen twice now.' },
      ]);
    });

    it('isolates at once when a new version of a pending anomaly crosses the isolate threshold', () => {
      const engine = createIsolationPolicy(policy);
      const v1 = notify('a', 0);
      engine.offer(v1, T0);
      const [alert] = engine.offer(version(v1, 2, { score: 93, severity: 'critical' }), T0 + 1_000);
      expect(alert).toMatchObject({ action: 'isolate', score: 93 });
      expect(alert?.anomalies).toHaveLength(1);
      expect(engine.tick(T0 + 20_000)).toEqual([]);
    });

    it('decides the same alerts with the same ids when the versions are replayed into saved state', () => {
      const v1 = notify('a', 0);
      const stream = [
        v1,
        version(v1, 2, { score: 72 }),
        version(v1, 3, { score: 85, severity: 'high' }),
        version(v1, 4, { score: 88, severity: 'high' }),
        version(v1, 5, { score: 95, severity: 'critical' }),
      ];
      const run = (engine: ReturnType<typeof createIsolationPolicy>, from: number) =>
        stream.slice(from).flatMap((a, i) => {
          const at = T0 + (from + i) * 60_000;
          return [...engine.offer(a, at), ...engine.tick(at + 10_000)];
        });
      const live = createIsolationPolicy(policy);
      const first = run(live, 0);
      expect(first.map((a) => [a.action, a.severity])).toEqual([
        ['notify', 'medium'],
        ['notify', 'high'],
        ['isolate', 'critical'],
      ]);

      // A crash after the state saved by version 1: replaying from version 2 raises the same alerts.
      const partial = createIsolationPolicy(policy);
      partial.offer(stream[0] as Anomaly, T0);
      partial.tick(T0 + 10_000);
      const restored = createIsolationPolicy(policy);
      restored.restoreAgent(JSON.parse(JSON.stringify(partial.snapshotAgent('agent-a'))));
      const replayed = run(restored, 1);
      expect(replayed.map((a) => a.alertId)).toEqual(first.slice(1).map((a) => a.alertId));
      // And the whole stream offered again to state that has seen it raises nothing.
      expect(run(live, 0)).toEqual([]);
    });

    it('restores a pending group saved before anomalies had versions, as their first version', () => {
      const { count: _count, version: _version, ...old } = notify('a', 0);
      const engine = createIsolationPolicy(policy);
      engine.restoreAgent({
        agentId: 'agent-a',
        group: { action: 'notify', startEventMs: T0, dueAtMs: T0 + 10_000, anomalies: [old] },
      });
      engine.offer(version({ ...old, count: 1, version: 1 }, 2, { score: 75 }), T0 + 1_000);
      expect(engine.tick(T0 + 10_000)[0]?.anomalies.map((a) => a.score)).toEqual([75]);
    });
  });
});
