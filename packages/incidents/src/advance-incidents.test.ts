import type { Incident, IncidentAction } from '@vigil/contracts';
import { manualAlert } from '@vigil/response';
import { makeAlert } from '@vigil/response/testing/alert';
import { at, makeAnomaly } from '@vigil/response/testing/anomaly';
import { describe, expect, it } from 'vitest';
import { advanceIncidents, type IncidentInput } from './advance-incidents';
import { IncidentOptions } from './options';

const options = IncidentOptions.parse({});
const HOUR = 3600;

const anomaly = (id: string, seconds: number, overrides = {}): IncidentInput => ({
  type: 'anomaly',
  anomaly: makeAnomaly({
    anomalyId: id,
    eventTime: at(seconds),
    detectedAt: at(seconds + 5),
    ...overrides,
  }),
});
const action = (
  incidentId: string,
  kind: IncidentAction['action'],
  overrides: Partial<IncidentAction> = {},
): IncidentInput => ({
  type: 'action',
  action: {
    actionId: `${kind}-1`,
    incidentId,
    agentId: 'agent-a',
    action: kind,
    by: 'ana',
    at: at(9 * HOUR),
    ...overrides,
  },
});

/** Applies inputs one at a time, as batches of one would, feeding each result back as known. */
function latestAfter(inputs: IncidentInput[]): Incident[] {
  const { versions } = advanceIncidents([], inputs, options);
  const latest = new Map<string, Incident>();
  for (const version of versions) latest.set(version.incidentId, version);
  return [...latest.values()];
}

describe('grouping anomalies into incidents', () => {
  it("an agent's anomalies within two hours of each other form one incident", () => {
    const [incident, ...others] = latestAfter([
      anomaly('a1', 0, { score: 60, severity: 'medium', kind: 'new_resource' }),
      anomaly('a2', 1.5 * HOUR, { score: 95, severity: 'critical', kind: 'payload_size' }),
      anomaly('a3', 3 * HOUR, { score: 70, severity: 'high', kind: 'new_resource' }),
    ]);
    expect(others).toEqual([]);
    expect(incident).toMatchObject({
      status: 'open',
      openedAt: at(0),
      lastAnomalyAt: at(3 * HOUR),
      maxScore: 95,
      severity: 'critical',
      kinds: ['new_resource', 'payload_size'],
      anomalyIds: ['a1', 'a2', 'a3'],
      isolation: 'none',
      version: 3,
    });
  });

  it('an anomaly more than the gap after the last one opens a new incident', () => {
    const incidents = latestAfter([anomaly('a1', 0), anomaly('a2', 2 * HOUR + 1)]);
    expect(incidents.map((i) => i.anomalyIds)).toEqual([['a1'], ['a2']]);
  });

  it('the gap is configurable', () => {
    const { versions } = advanceIncidents(
      [],
      [anomaly('a1', 0), anomaly('a2', 20 * 60)],
      IncidentOptions.parse({ gapMs: 10 * 60_000 }),
    );
    expect(new Set(versions.map((v) => v.incidentId)).size).toBe(2);
  });

  it("different agents' anomalies never share an incident", () => {
    const incidents = latestAfter([anomaly('a1', 0), anomaly('b1', 60, { agentId: 'agent-b' })]);
    expect(incidents.map((i) => i.agentId)).toEqual(['agent-a', 'agent-b']);
  });

  it('incident ids are deterministic: the same anomalies give the same ids and versions', () => {
    const inputs = [anomaly('a1', 0), anomaly('a2', 60), anomaly('a3', 5 * HOUR)];
    expect(advanceIncidents([], inputs, options)).toEqual(advanceIncidents([], inputs, options));
    expect(latestAfter(inputs)[0]?.incidentId).toMatch(/^inc_[0-9a-f]{24}$/);
  });

  it('a replayed anomaly changes nothing; a later version that raises the score makes a new version', () => {
    const first = latestAfter([anomaly('a1', 0, { score: 60 })]);
    expect(advanceIncidents(first, [anomaly('a1', 0, { score: 60 })], options).versions).toEqual(
      [],
    );
    const [raised] = advanceIncidents(
      first,
      [anomaly('a1', 0, { score: 92, severity: 'critical', version: 2 })],
      options,
    ).versions;
    expect(raised).toMatchObject({
      maxScore: 92,
      severity: 'critical',
      anomalyIds: ['a1'],
      version: 2,
    });
  });

  it('a closed incident is not joined: what follows opens a new one', () => {
    const [open] = latestAfter([anomaly('a1', 0)]);
    const closed = advanceIncidents(
      [open as Incident],
      [action(open?.incidentId ?? '', 'close')],
      options,
    );
    const next = advanceIncidents(closed.versions, [anomaly('a2', 600)], options).versions;
    expect(next[0]?.incidentId).not.toBe(open?.incidentId);
    expect(next[0]?.anomalyIds).toEqual(['a2']);
  });
});

describe("people's actions and isolation", () => {
  const [open] = latestAfter([anomaly('a1', 0)]) as [Incident];

  it('acknowledging makes a new version with the owner, the note, who and when', () => {
    const { versions } = advanceIncidents(
      [open],
      [action(open.incidentId, 'acknowledge', { note: 'looking' })],
      options,
    );
    expect(versions).toEqual([
      {
        ...open,
        status: 'acknowledged',
        owner: 'ana',
        note: 'looking',
        change: 'acknowledged',
        changedBy: 'ana',
        updatedAt: at(9 * HOUR),
        version: 2,
      },
    ]);
  });

  it('a replayed acknowledgement changes nothing, and an action on a closed incident is ignored', () => {
    const acked = advanceIncidents(
      [open],
      [action(open.incidentId, 'acknowledge')],
      options,
    ).versions;
    expect(
      advanceIncidents(acked, [action(open.incidentId, 'acknowledge')], options).versions,
    ).toEqual([]);
    const closed = advanceIncidents(
      acked,
      [action(open.incidentId, 'close', { by: 'bo' })],
      options,
    );
    expect(closed.versions[0]).toMatchObject({
      status: 'closed',
      owner: 'ana',
      changedBy: 'bo',
      version: 3,
    });
    const after = advanceIncidents(
      closed.versions,
      [action(open.incidentId, 'acknowledge')],
      options,
    );
    expect(after.versions).toEqual([]);
    expect(after.ignored).toHaveLength(1);
  });

  it('an action naming an unknown incident, or another agent, is ignored', () => {
    expect(advanceIncidents([open], [action('inc_nope', 'close')], options).ignored).toHaveLength(
      1,
    );
    expect(
      advanceIncidents([open], [action(open.incidentId, 'close', { agentId: 'agent-b' })], options)
        .versions,
    ).toEqual([]);
  });

  it('an isolate alert on its anomalies marks the incident isolated once; release undoes it', () => {
    const base = makeAlert({ createdAt: at(10) });
    const anomalies = base.anomalies.map((a) => ({ ...a, anomalyId: 'a1' }));
    const alert: IncidentInput = { type: 'isolation', alert: { ...base, anomalies } };
    const isolated = advanceIncidents([open], [alert], options).versions;
    expect(isolated[0]).toMatchObject({ isolation: 'isolated', change: 'isolated', version: 2 });
    const released = advanceIncidents(
      isolated,
      [action(open.incidentId, 'release')],
      options,
    ).versions;
    expect(released[0]).toMatchObject({ isolation: 'released', version: 3 });
    expect(advanceIncidents(released, [alert], options).versions).toEqual([]);
  });

  it("a person's release of the agent releases its isolated incident, as theirs; a manual isolate is theirs too", () => {
    const anomalies = makeAlert().anomalies.map((a) => ({ ...a, anomalyId: 'a1' }));
    const alert = makeAlert({ createdAt: at(10), anomalies });
    const isolated = advanceIncidents([open], [{ type: 'isolation', alert }], options).versions;
    const request = (action: 'isolate' | 'release'): IncidentInput => ({
      type: 'request',
      command: {
        requestId: `req-${action}`,
        agentId: open.agentId,
        action,
        requestedBy: 'cy',
        requestedAt: at(11 * HOUR),
        reason: 'gateway owner confirmed the export',
        anomalies,
      },
    });
    const manual = advanceIncidents([open], [request('isolate')], options).versions;
    expect(manual).toEqual([
      expect.objectContaining({ isolation: 'isolated', changedBy: 'cy', version: 2 }),
    ]);
    // The detector's alert for that request, read after it, is already counted.
    const { command } = request('isolate') as Extract<IncidentInput, { type: 'request' }>;
    expect(
      advanceIncidents(manual, [{ type: 'isolation', alert: manualAlert(command) }], options)
        .versions,
    ).toEqual([]);
    const released = advanceIncidents(isolated, [request('release')], options).versions;
    expect(released).toEqual([
      expect.objectContaining({
        isolation: 'released',
        change: 'released',
        changedBy: 'cy',
        updatedAt: at(11 * HOUR),
        version: 3,
      }),
    ]);
    expect(advanceIncidents(released, [request('release')], options).versions).toEqual([]);
  });

  it('an alert read before its anomalies is returned unplaced, to be offered again', () => {
    const alert = makeAlert({ anomalies: [{ ...makeAlert().anomalies[0]!, anomalyId: 'later' }] });
    const result = advanceIncidents([open], [{ type: 'isolation', alert }], options);
    expect(result.versions).toEqual([]);
    expect(result.unplaced).toEqual([alert]);
  });

  it('a notify alert does not isolate', () => {
    const notify: IncidentInput = { type: 'isolation', alert: makeAlert({ action: 'notify' }) };
    expect(advanceIncidents([open], [notify], options).versions).toEqual([]);
  });
});
