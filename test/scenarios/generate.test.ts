import { AnomalyKind, AuditEvent, IdentityEvent, toEpochMs } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { generateScenario, type ScenarioOptions } from './generate';
import { HOUR_MS, MINUTE_MS } from './rhythm';
import { partitionFor } from './stable-hash';
import { judgeTokens } from './token-truth';

const options: ScenarioOptions = {
  seed: 11,
  startMs: Date.UTC(2026, 2, 5), // a Thursday: two weekdays, then a Saturday
  days: 3,
  agentsPerKind: 20,
};
const scenario = generateScenario(options);
const distinct = [...new Map(scenario.audit.map(({ event }) => [event.eventId, event])).values()];
const truth = judgeTokens(distinct, scenario.identity);

function hourlyCounts(filter: (event: AuditEvent) => boolean = () => true): number[] {
  const counts = new Array<number>(options.days * 24).fill(0);
  for (const event of distinct) {
    if (!filter(event)) continue;
    const hour = Math.floor((toEpochMs(event.time) - options.startMs) / HOUR_MS);
    counts[hour] = (counts[hour] ?? 0) + 1;
  }
  return counts;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('generateScenario', () => {
  it('gives the same stream for the same seed', () => {
    const again = generateScenario(options);
    expect(again.audit).toEqual(scenario.audit);
    expect(again.identity).toEqual(scenario.identity);
    expect(again.deliveries).toEqual(scenario.deliveries);
    expect(again.attacks).toEqual(scenario.attacks);
  });

  it('gives a different stream for a different seed', () => {
    const other = generateScenario({ ...options, seed: 12, days: 1 });
    expect(other.audit[0]?.event.eventId).not.toBe(scenario.audit[0]?.event.eventId);
  });

  it('writes only messages that satisfy the contract', () => {
    const badAudit = distinct.filter((event) => !AuditEvent.safeParse(event).success);
    const badIdentity = scenario.identity.filter(
      (event) => !IdentityEvent.safeParse(event).success,
    );
    expect(badAudit.slice(0, 3)).toEqual([]);
    expect(badIdentity.slice(0, 3)).toEqual([]);
  });

  it('injects every anomaly kind, each labelled with the events it added', () => {
    expect(new Set(scenario.attacks.map((a) => a.kind))).toEqual(new Set(AnomalyKind.options));
    for (const attack of scenario.attacks) {
      expect(attack.eventIds.length, attack.id).toBeGreaterThan(0);
      expect(attack.endMs, attack.id).toBeGreaterThanOrEqual(attack.startMs);
      const ids = new Set(attack.eventIds);
      const agents = new Set(distinct.filter((e) => ids.has(e.eventId)).map((e) => e.agentId));
      if (attack.kind !== 'tool_definition_changed') expect([...agents]).toEqual([attack.agentId]);
    }
  });

  it('keeps attack events out of the benign set, and every other event in it', () => {
    const attackIds = new Set(scenario.attacks.flatMap((a) => a.eventIds));
    for (const id of attackIds) expect(scenario.benignEventIds.has(id)).toBe(false);
    expect(scenario.benignEventIds.size + attackIds.size).toBe(distinct.length);
  });

  it('has benign calls present a live token issued to the agent for the user it acts for', () => {
    const bad = distinct.filter(
      (e) => scenario.benignEventIds.has(e.eventId) && truth.get(e.eventId) !== 'ok',
    );
    expect(bad.slice(0, 3)).toEqual([]);
  });

  it('has token attacks present a dead token or someone else’s', () => {
    for (const attack of scenario.attacks) {
      const verdicts = new Set(attack.eventIds.map((id) => truth.get(id)));
      if (attack.kind === 'revoked_token') {
        for (const v of verdicts)
          expect(['revoked', 'expired', 'session-ended', 'user-disabled']).toContain(v);
      }
      if (attack.kind === 'token_misuse') {
        for (const v of verdicts) expect(['wrong-agent', 'wrong-user']).toContain(v);
      }
    }
    const reasons = scenario.attacks
      .filter((a) => a.kind === 'revoked_token')
      .map((a) => truth.get(a.eventIds[0] ?? ''));
    expect(new Set(reasons)).toEqual(
      new Set(['revoked', 'expired', 'session-ended', 'user-disabled']),
    );
  });

  it('labels a changed tool definition with the first agent to deliver an event carrying it', () => {
    for (const attack of scenario.attacks.filter((a) => a.kind === 'tool_definition_changed')) {
      const ids = new Set(attack.eventIds);
      const first = scenario.audit.find(({ event }) => ids.has(event.eventId));
      expect(first?.event.agentId).toBe(attack.agentId);
      const hashes = new Set(
        distinct.filter((e) => ids.has(e.eventId)).map((e) => e.toolSchemaHash),
      );
      expect(hashes.size).toBe(1);
    }
  });

  it('follows a daily rhythm: busy working hours, quiet nights, quieter weekends', () => {
    const hourly = hourlyCounts();
    const thursdayDay = sum(hourly.slice(10, 16));
    const thursdayNight = sum(hourly.slice(1, 5));
    const saturdayDay = sum(hourly.slice(48 + 10, 48 + 16));
    expect(thursdayDay / 6).toBeGreaterThan(5 * (thursdayNight / 4));
    expect(saturdayDay).toBeLessThan(0.5 * thursdayDay);
    expect(saturdayDay).toBeGreaterThan(0);
  });

  it('has every support bot work harder for a few hours on the second day', () => {
    const support = hourlyCounts((e) => e.agentId.startsWith('support-bot'));
    expect(sum(support.slice(24 + 13, 24 + 16))).toBeGreaterThan(1.25 * sum(support.slice(13, 16)));
  });

  it('lets new agents join mid-stream', () => {
    const first = new Map<string, number>();
    for (const event of distinct) {
      if (!first.has(event.agentId)) first.set(event.agentId, toEpochMs(event.time));
    }
    const lateJoiners = [...first.values()].filter((ms) => ms > options.startMs + 12 * HOUR_MS);
    expect(lateJoiners.length).toBeGreaterThan(0);
    expect(first.size).toBe(scenario.stats.agents);
  });

  it('delivers some audit events twice and some late, never beyond the lateness', () => {
    expect(scenario.stats.duplicates).toBeGreaterThan(0);
    expect(scenario.audit.length).toBe(scenario.stats.auditEvents + scenario.stats.duplicates);
    let newestMs = -Infinity;
    let late = 0;
    let worstMs = 0;
    for (const { event } of scenario.audit) {
      const timeMs = toEpochMs(event.time);
      if (timeMs < newestMs - 20_000) late++;
      worstMs = Math.max(worstMs, newestMs - timeMs);
      newestMs = Math.max(newestMs, timeMs);
    }
    expect(late).toBeGreaterThan(0);
    expect(worstMs).toBeLessThan(5 * MINUTE_MS);
  });

  it('delivers some token issuances after calls that already used the token', () => {
    const issuedAt = new Map<string, number>();
    scenario.deliveries.forEach(({ topic, index }, position) => {
      const event = scenario.identity[index];
      if (topic === 'identity' && event?.type === 'token.issued' && event.tokenId) {
        issuedAt.set(event.tokenId, position);
      }
    });
    const usedBeforeKnown = scenario.deliveries.filter(({ topic, index }, position) => {
      const tokenId = topic === 'audit' ? scenario.audit[index]?.event.tokenId : undefined;
      return tokenId !== undefined && (issuedAt.get(tokenId) ?? -1) > position;
    });
    expect(usedBeforeKnown.length).toBeGreaterThan(0);
    expect(scenario.deliveries.length).toBe(scenario.audit.length + scenario.identity.length);
  });

  it('rotates tokens before they expire and ends sessions after they go idle', () => {
    const types = scenario.identity.map((e) => e.type);
    const sessions = new Set(
      scenario.identity.filter((e) => e.type === 'token.issued').map((e) => e.sessionId),
    );
    expect(types.filter((t) => t === 'token.issued').length).toBeGreaterThan(sessions.size);
    expect(types.filter((t) => t === 'session.ended').length).toBeGreaterThan(sessions.size / 2);
  });

  it('puts each agent on the partition its id hashes to', () => {
    const misplaced = scenario.audit.filter(
      ({ event, partition }) => partition !== partitionFor(event.agentId, 3),
    );
    expect(misplaced).toEqual([]);
    expect(new Set(scenario.audit.map(({ partition }) => partition))).toEqual(new Set([0, 1, 2]));
  });

  it('bumps server versions without changing tool definitions', () => {
    const crm = distinct.filter((e) => e.serverId === 'crm-mcp' && e.toolName === 'get_account');
    expect(new Set(crm.map((e) => e.serverVersion)).size).toBe(2);
    expect(new Set(crm.map((e) => e.toolSchemaHash)).size).toBe(1);
  });

  it('keeps minting fresh ids in resource URIs', () => {
    const accounts = distinct.filter((e) => e.resourceUri?.startsWith('crm://accounts/'));
    expect(new Set(accounts.map((e) => e.resourceUri)).size).toBeGreaterThan(0.5 * accounts.length);
  });
});
