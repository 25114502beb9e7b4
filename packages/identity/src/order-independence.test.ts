import { describe, expect, it } from 'vitest';
import type { AuditEvent, Enrichment, IdentityEvent } from '@vigil/contracts';
import { createEnrichmentJoin } from './enrichment-join';
import { createIdentityState } from './identity-state';
import { seededRandom } from '@vigil/streaming';
import { at, audit, identity, issued, timed } from './testing/events';

const LATENESS_MS = 5 * 60_000;

type Input = { kind: 'identity'; event: IdentityEvent } | { kind: 'audit'; event: AuditEvent };

/** A random but reproducible hour of identity and audit traffic for a few users, agents and sessions. */
function scenario(seed: number): Input[] {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const users = ['alice', 'bob', 'carol'];
  const agents = ['agent-a', 'agent-b'];
  const inputs: Input[] = [];
  for (let t = 0; t < 12; t++) {
    const issuedAt = random() * 40;
    const userId = pick(users);
    const agentId = pick(agents);
    const sessionId = `s-${userId}-${Math.floor(random() * 2)}`;
    const tokenId = `t${t}`;
    inputs.push({
      kind: 'identity',
      event: issued(tokenId, issuedAt, {
        userId,
        agentId,
        sessionId,
        expiresAt: at(issuedAt + 10 + random() * 30),
      }),
    });
    if (random() < 0.3)
      inputs.push({
        kind: 'identity',
        event: identity('token.revoked', issuedAt + random() * 20, { tokenId }),
      });
    for (let u = 0; u < 4; u++) {
      const used = issuedAt + random() * 40 - 1;
      inputs.push({
        kind: 'audit',
        event: audit(`${tokenId}-use${u}`, used, {
          tokenId,
          agentId: random() < 0.1 ? 'agent-x' : agentId,
          onBehalfOf: userId,
        }),
      });
    }
  }
  for (const userId of users) {
    inputs.push({
      kind: 'audit',
      event: audit(`no-token-${userId}`, random() * 60, { onBehalfOf: userId }),
    });
    inputs.push({
      kind: 'audit',
      event: audit(`ghost-${userId}`, random() * 60, {
        tokenId: `ghost-${userId}`,
        onBehalfOf: userId,
      }),
    });
  }
  inputs.push({
    kind: 'identity',
    event: identity('session.ended', random() * 50, { sessionId: 's-alice-0' }),
  });
  inputs.push({
    kind: 'identity',
    event: identity('session.ended', random() * 50, { userId: 'carol' }),
  });
  inputs.push({
    kind: 'identity',
    event: identity('user.disabled', random() * 50, { userId: 'bob' }),
  });
  inputs.push({
    kind: 'identity',
    event: identity('delegation.granted', random() * 10, {
      userId: 'alice',
      agentId: 'agent-a',
      actorChain: ['agent-a', 'planner'],
    }),
  });
  inputs.push({
    kind: 'identity',
    event: identity('delegation.revoked', random() * 50, { userId: 'alice', agentId: 'agent-b' }),
  });
  return inputs;
}

const timeOf = (input: Input) => Date.parse(input.event.time);

/** Event-time order; at a tie identity first, since a revocation at T already counts for a use at T. */
function inOrder(inputs: Input[]): Input[] {
  return [...inputs].sort(
    (a, b) => timeOf(a) - timeOf(b) || (a.kind === b.kind ? 0 : a.kind === 'identity' ? -1 : 1),
  );
}

/** Arrival order: each event is delayed by a random amount below the lateness. */
function shuffledWithinLateness(inputs: Input[], seed: number): Input[] {
  const random = seededRandom(seed);
  return inputs
    .map((input) => ({ input, arrival: timeOf(input) + random() * (LATENESS_MS - 1) }))
    .sort((a, b) => a.arrival - b.arrival)
    .map((x) => x.input);
}

/** Runs a stream through state + join with a watermark, and returns each audit event's final verdict. */
function finalVerdicts(arrivals: Input[]): Map<string, Enrichment> {
  const state = createIdentityState({ recentUsesPerToken: 64 });
  const join = createEnrichmentJoin(state, { maxBufferedEvents: 1_000, maxWaitMs: LATENESS_MS });
  const verdicts = new Map<string, Enrichment>();
  const record = (ready: { event: AuditEvent; enrichment: Enrichment }[]) =>
    ready.forEach((r) => verdicts.set(r.event.eventId, r.enrichment));
  let newest = Number.NEGATIVE_INFINITY;
  for (const input of arrivals) {
    newest = Math.max(newest, timeOf(input));
    if (input.kind === 'audit') record(join.offerAudit(...timed(input.event)));
    else {
      const { ready, reassessments } = join.offerIdentity(...timed(input.event));
      record(ready);
      reassessments.forEach((r) => verdicts.set(r.eventId, r.enrichment));
    }
    record(join.release(newest - LATENESS_MS));
  }
  record(join.release(Number.POSITIVE_INFINITY));
  return verdicts;
}

describe('order independence', () => {
  it('identity and audit events shuffled within the lateness end with the same enrichment as in order', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const inputs = scenario(seed);
      const expected = finalVerdicts(inOrder(inputs));
      expect(expected.size).toBe(inputs.filter((i) => i.kind === 'audit').length);
      for (let shuffle = 0; shuffle < 5; shuffle++) {
        const actual = finalVerdicts(shuffledWithinLateness(inputs, seed * 100 + shuffle));
        expect(Object.fromEntries(actual)).toEqual(Object.fromEntries(expected));
      }
    }
  });

  it('the in-order verdicts match judging every use against the complete identity history', () => {
    const inputs = scenario(7);
    const oracle = createIdentityState({ recentUsesPerToken: 64 });
    for (const input of inputs) if (input.kind === 'identity') oracle.apply(...timed(input.event));
    const verdicts = finalVerdicts(inOrder(inputs));
    const statuses = new Set<string>();
    for (const input of inputs) {
      if (input.kind !== 'audit') continue;
      const expected = oracle.enrich(...timed(input.event));
      statuses.add(expected.tokenStatus);
      expect(verdicts.get(input.event.eventId)).toEqual(expected);
    }
    // The scenario must exercise more than the happy path for this comparison to mean anything.
    expect(statuses.size).toBeGreaterThan(2);
  });
});
