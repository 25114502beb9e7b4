import { describe, expect, it } from 'vitest';
import { createEnrichmentJoin } from './enrichment-join';
import { createIdentityState } from './identity-state';
import { at, audit, issued, timed } from './testing/events';

const MINUTE = 60_000;

function join(options: { maxBufferedEvents?: number; maxWaitMs?: number } = {}) {
  const state = createIdentityState();
  return {
    state,
    join: createEnrichmentJoin(state, { maxBufferedEvents: 10, maxWaitMs: 5 * MINUTE, ...options }),
  };
}

describe('enrichment join', () => {
  it('an event without a token passes straight through', () => {
    const { join: j } = join();
    const ready = j.offerAudit(...timed(audit('e1', 0)));
    expect(ready.map((r) => r.event.eventId)).toEqual(['e1']);
    expect(j.size()).toBe(0);
  });

  it('an event with a known token passes straight through', () => {
    const { join: j } = join();
    j.offerIdentity(...timed(issued('t1', 0)));
    expect(
      j.offerAudit(...timed(audit('e1', 1, { tokenId: 't1' })))[0]?.enrichment.tokenStatus,
    ).toBe('active');
  });

  it('an event with an unknown token waits for a late token.issued and is then judged with it', () => {
    const { join: j } = join();
    expect(j.offerAudit(...timed(audit('e1', 1, { tokenId: 't1' })))).toEqual([]);
    expect(j.size()).toBe(1);
    const { ready, reassessments } = j.offerIdentity(...timed(issued('t1', 0)));
    expect(ready.map((r) => [r.event.eventId, r.enrichment.tokenStatus])).toEqual([
      ['e1', 'active'],
    ]);
    expect(reassessments).toEqual([]);
    expect(j.size()).toBe(0);
  });

  it('a token.issued for another token releases nothing', () => {
    const { join: j } = join();
    j.offerAudit(...timed(audit('e1', 1, { tokenId: 't1' })));
    expect(j.offerIdentity(...timed(issued('t2', 0))).ready).toEqual([]);
    expect(j.size()).toBe(1);
  });

  it('an event waits until the watermark passes its time by maxWaitMs, then is released as unknown', () => {
    const { join: j } = join();
    j.offerAudit(...timed(audit('e1', 1, { tokenId: 't1' })));
    expect(j.release(Date.parse(at(5.9)))).toEqual([]);
    const released = j.release(Date.parse(at(6)));
    expect(released.map((r) => [r.event.eventId, r.enrichment.tokenStatus])).toEqual([
      ['e1', 'unknown'],
    ]);
  });

  it('a token.issued after the timeout re-judges the released event as a reassessment', () => {
    const { join: j } = join();
    j.offerAudit(...timed(audit('e1', 1, { tokenId: 't1' })));
    j.release(Date.parse(at(10)));
    const { ready, reassessments } = j.offerIdentity(...timed(issued('t1', 0)));
    expect(ready).toEqual([]);
    expect(reassessments.map((r) => [r.eventId, r.enrichment.tokenStatus])).toEqual([
      ['e1', 'active'],
    ]);
  });

  it('timed-out events of different agents are released oldest event time first', () => {
    const { join: j } = join();
    j.offerAudit(...timed(audit('late', 3, { tokenId: 't1' })));
    j.offerAudit(...timed(audit('early', 1, { tokenId: 't2', agentId: 'agent-b' })));
    expect(j.release(Date.parse(at(60))).map((r) => r.event.eventId)).toEqual(['early', 'late']);
  });

  it('an agent’s later events wait behind its held one and leave in the order they came', () => {
    const { join: j } = join();
    j.offerIdentity(...timed(issued('t2', 0)));
    expect(j.offerAudit(...timed(audit('e1', 1, { tokenId: 't1' })))).toEqual([]);
    // A known token, and no token at all: both wait behind e1 (another agent's pass straight through).
    expect(j.offerAudit(...timed(audit('e2', 2, { tokenId: 't2' })))).toEqual([]);
    expect(j.offerAudit(...timed(audit('e3', 3)))).toEqual([]);
    expect(
      j.offerAudit(...timed(audit('other', 3, { agentId: 'agent-b' }))).map((r) => r.event.eventId),
    ).toEqual(['other']);
    const { ready } = j.offerIdentity(...timed(issued('t1', 0)));
    expect(ready.map((r) => [r.event.eventId, r.enrichment.tokenStatus])).toEqual([
      ['e1', 'active'],
      ['e2', 'active'],
      ['e3', 'unknown'],
    ]);
    expect(j.size()).toBe(0);
  });

  it('a held event released as unknown lets the events behind it go, up to the next one waiting', () => {
    const { join: j } = join();
    j.offerAudit(...timed(audit('e1', 1, { tokenId: 't1' })));
    j.offerAudit(...timed(audit('e2', 2)));
    j.offerAudit(...timed(audit('e3', 30, { tokenId: 't3' })));
    j.offerAudit(...timed(audit('e4', 31)));
    expect(j.release(Date.parse(at(6))).map((r) => r.event.eventId)).toEqual(['e1', 'e2']);
    expect(j.size()).toBe(2);
    expect(j.release(Date.parse(at(35))).map((r) => r.event.eventId)).toEqual(['e3', 'e4']);
  });

  it('when the buffer is full the longest-waiting event is released as it stands', () => {
    const { join: j } = join({ maxBufferedEvents: 2 });
    j.offerAudit(...timed(audit('e1', 1, { tokenId: 't1' })));
    j.offerAudit(...timed(audit('e2', 2, { tokenId: 't1' })));
    const evicted = j.offerAudit(...timed(audit('e3', 3, { tokenId: 't2' })));
    expect(evicted.map((r) => [r.event.eventId, r.enrichment.tokenStatus])).toEqual([
      ['e1', 'unknown'],
    ]);
    expect(j.size()).toBe(2);
    expect(j.offerIdentity(...timed(issued('t1', 0))).ready.map((r) => r.event.eventId)).toEqual([
      'e2',
    ]);
  });

  it('a buffer of size zero never holds an event', () => {
    const { join: j } = join({ maxBufferedEvents: 0 });
    expect(
      j
        .offerAudit(...timed(audit('e1', 1, { tokenId: 't1' })))
        .map((r) => r.enrichment.tokenStatus),
    ).toEqual(['unknown']);
  });

  it('an invalid config throws a coded error', () => {
    expect(() => createEnrichmentJoin(createIdentityState(), { maxWaitMs: -1 })).toThrow(
      expect.objectContaining({ code: 'VIGIL_IDENTITY_INVALID_CONFIG' }),
    );
  });
});
