import { AnomalyKind, AuditEvent, IdentityEvent, toEpochMs } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../rhythm';
import type { LabelledAttack } from '../scenario';
import { judgeTokens } from '../token-truth';
import type { Family } from './family';
import { generateFamily } from './index';

/**
 * The checks every fleet family must pass, whatever its shape: deterministic, contract-valid, every attack
 * kind labelled (slow variants too), honest tokens on benign calls, and the fleet traits that broke Vigil
 * on the stream from outside: a heavy tail, nightly batch jobs, working sets that grow, agents that join
 * late, quiet weekends. The detectors' quality on the family is not checked here (family-quality.test.ts).
 */
export function describeFamily(family: Family): void {
  // Each check reads a full stream; a loaded CI runner needs more than vitest's default 5 s.
  describe(
    `the ${family.name} family${family.holdout ? ' (holdout)' : ''}`,
    { timeout: 60_000 },
    () => {
      const started = performance.now();
      const scenario = generateFamily(family);
      const generateMs = performance.now() - started;
      const events = [
        ...new Map(scenario.audit.map(({ event }) => [event.eventId, event])).values(),
      ];
      const batchKinds = new Set(family.kinds.filter((k) => k.batch).map((k) => k.name));
      const kindOf = (agentId: string) => agentId.replace(/-\d+$/, '');
      const benign = events.filter((e) => scenario.benignEventIds.has(e.eventId));
      const people = benign.filter((e) => !batchKinds.has(kindOf(e.agentId)));

      it('has 100k-220k audit events over 6-8 days from 100-300 agents, generated in seconds', () => {
        console.log(`${family.name}: ${Math.round(generateMs)} ms`, scenario.stats);
        expect(scenario.stats.auditEvents).toBeGreaterThan(100_000);
        expect(scenario.stats.auditEvents).toBeLessThan(220_000);
        expect(scenario.stats.agents).toBeGreaterThanOrEqual(100);
        expect(scenario.stats.agents).toBeLessThanOrEqual(300);
        expect(family.defaults.days).toBeGreaterThanOrEqual(6);
        expect(family.defaults.days).toBeLessThanOrEqual(8);
        // A few seconds on an idle machine; the bound leaves room for a busy CI runner.
        expect(generateMs).toBeLessThan(20_000);
      });

      it('gives the same stream for the same seed, and another for another seed', () => {
        const small = { days: 4, agentsPerKind: 25 };
        const once = generateFamily(family, small);
        const again = generateFamily(family, small);
        expect(again.audit).toEqual(once.audit);
        expect(again.identity).toEqual(once.identity);
        expect(again.deliveries).toEqual(once.deliveries);
        expect(again.attacks).toEqual(once.attacks);
        const other = generateFamily(family, { ...small, seed: family.defaults.seed + 1 });
        expect(other.audit[0]?.event.eventId).not.toBe(once.audit[0]?.event.eventId);
      });

      it('writes only messages that satisfy the contract', () => {
        const badAudit = events.filter((event) => !AuditEvent.safeParse(event).success);
        const badIdentity = scenario.identity.filter((e) => !IdentityEvent.safeParse(e).success);
        expect(badAudit.slice(0, 3)).toEqual([]);
        expect(badIdentity.slice(0, 3)).toEqual([]);
      });

      it('labels every anomaly kind and every slow variant, each with the events it added', () => {
        expect(new Set(scenario.attacks.map((a) => a.kind))).toEqual(new Set(AnomalyKind.options));
        const ids = scenario.attacks.map((a) => a.id);
        for (const slow of ['call_volume', 'payload_size', 'principal_fanout']) {
          expect(
            ids.some((id) => id.startsWith(slow) && id.includes('-slow')),
            slow,
          ).toBe(true);
        }
        expect(ids.some((id) => id.endsWith('-new-branch'))).toBe(true);
        const attackIds = new Set(scenario.attacks.flatMap((a) => a.eventIds));
        for (const attack of scenario.attacks)
          expect(attack.eventIds.length, attack.id).toBeGreaterThan(0);
        expect(scenario.benignEventIds.size + attackIds.size).toBe(events.length);
      });

      it('has benign calls present a live token issued to the agent for the user it acts for', () => {
        const truth = judgeTokens(events, scenario.identity);
        const bad = benign.filter((e) => truth.get(e.eventId) !== 'ok');
        expect(bad.slice(0, 3)).toEqual([]);
      });

      it('keeps slow attacks under every ten-minute window and visible over the hour or the day', () => {
        const byId = new Map(events.map((e) => [e.eventId, e]));
        const attackEvents = (attack: LabelledAttack) =>
          attack.eventIds.flatMap((id) => byId.get(id) ?? []);
        const slow = (kind: string) => {
          const found = scenario.attacks.find((a) => a.kind === kind && a.id.includes('-slow'));
          if (!found) throw new Error(`no slow ${kind}`);
          return found;
        };

        const volume = attackEvents(slow('call_volume'));
        expect(maxPerWindow(volume, 10 * MINUTE_MS)).toBeLessThan(volume.length / 3);
        expect(volume[volume.length - 1]!.time > volume[0]!.time).toBe(true);

        const fanout = attackEvents(slow('principal_fanout'));
        const users = (window: number) => maxPerWindow(fanout, window, (e) => e.onBehalfOf ?? '');
        expect(users(10 * MINUTE_MS)).toBeLessThanOrEqual(8);
        expect(users(HOUR_MS)).toBeGreaterThanOrEqual(25);

        const exfiltration = attackEvents(slow('payload_size'));
        const tool = exfiltration[0]?.toolName;
        const biggestBenign = benign
          .filter((e) => e.toolName === tool)
          .reduce((max, e) => Math.max(max, e.responseBytes ?? 0), 0);
        for (const e of exfiltration)
          expect(e.responseBytes ?? 0).toBeLessThanOrEqual(biggestBenign);
      });

      it('has a heavy tail: the busiest tenth of people-facing agents makes over a third of their calls', () => {
        const perAgent = [...countBy(people, (e) => e.agentId).values()].sort((a, b) => b - a);
        const top = perAgent.slice(0, Math.ceil(perAgent.length / 10));
        expect(sum(top) / sum(perAgent)).toBeGreaterThan(0.33);
      });

      it('runs a sanctioned batch job every night at 02:00 local time, in bulk', () => {
        const nightly = family.kinds.filter(
          (k) => k.batch && k.rhythm?.profile[2] === 1 && k.rhythm.profile[12] === 0,
        );
        expect(nightly.length).toBeGreaterThan(0);
        for (const kind of nightly) {
          const offsetMs = (kind.rhythm?.utcOffsetHours ?? 0) * HOUR_MS;
          const calls = benign.filter((e) => kindOf(e.agentId) === kind.name);
          const localHour = (e: AuditEvent) => new Date(toEpochMs(e.time) + offsetMs).getUTCHours();
          const atNight = calls.filter((e) => localHour(e) >= 2 && localHour(e) < 5);
          expect(atNight.length / calls.length).toBeGreaterThan(0.95);
          const nights = new Set(
            atNight.map((e) => Math.floor((toEpochMs(e.time) + offsetMs) / DAY_MS)),
          );
          expect(nights.size).toBeGreaterThanOrEqual(family.defaults.days - 1);
          // A night's run is far above what an ordinary agent does in an hour.
          expect(atNight.length / nights.size).toBeGreaterThan(500);
        }
      });

      it('keeps minting new resource identifiers every day (the working set grows)', () => {
        const seen = new Set<string>();
        const days = new Map<number, string[]>();
        for (const e of benign) {
          if (!e.resourceUri) continue;
          const day = Math.floor((toEpochMs(e.time) - family.defaults.startMs) / DAY_MS);
          const list = days.get(day);
          if (list) list.push(e.resourceUri);
          else days.set(day, [e.resourceUri]);
        }
        for (const [day, uris] of [...days].sort((a, b) => a[0] - b[0])) {
          const distinct = new Set(uris);
          const fresh = [...distinct].filter((uri) => !seen.has(uri)).length;
          if (day > 0) expect(fresh / distinct.size, `day ${day}`).toBeGreaterThan(0.1);
          for (const uri of distinct) seen.add(uri);
        }
      });

      it('lets agents join mid-stream and keeps weekends quieter than weekdays', () => {
        const first = new Map<string, number>();
        for (const e of events) if (!first.has(e.agentId)) first.set(e.agentId, toEpochMs(e.time));
        const start = family.defaults.startMs;
        expect([...first.values()].filter((ms) => ms > start + DAY_MS).length).toBeGreaterThan(0);

        const offsetMs = (family.kinds[0]?.rhythm?.utcOffsetHours ?? 0) * HOUR_MS;
        const perDay = countBy(people, (e) => {
          const day = new Date(toEpochMs(e.time) + offsetMs).getUTCDay();
          return day === 0 || day === 6 ? 'weekend' : 'weekday';
        });
        const dayCount = (weekend: boolean) =>
          Array.from(
            { length: family.defaults.days },
            (_, d) => new Date(start + offsetMs + (d + 0.5) * DAY_MS),
          ).filter((date) => (date.getUTCDay() % 6 === 0) === weekend).length;
        const weekendDays = dayCount(true);
        expect(weekendDays).toBeGreaterThan(0);
        const weekendMean = (perDay.get('weekend') ?? 0) / weekendDays;
        const weekdayMean = (perDay.get('weekday') ?? 0) / dayCount(false);
        expect(weekendMean).toBeLessThan(0.5 * weekdayMean);
      });
    },
  );
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

/** The most events (or distinct keys, given `key`) inside any window of `windowMs`. */
function maxPerWindow(
  events: readonly AuditEvent[],
  windowMs: number,
  key: (event: AuditEvent, index: number) => string = (_event, index) => String(index),
): number {
  const sorted = [...events].sort((a, b) => toEpochMs(a.time) - toEpochMs(b.time));
  let best = 0;
  for (let i = 0; i < sorted.length; i++) {
    const from = toEpochMs(sorted[i]!.time);
    const keys = new Set<string>();
    for (let j = i; j < sorted.length && toEpochMs(sorted[j]!.time) < from + windowMs; j++) {
      keys.add(key(sorted[j]!, j));
    }
    best = Math.max(best, keys.size);
  }
  return best;
}
