import type { AuditEvent } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { dropRecentRepeats, planStore, type Candidate } from './classify-batch';
import { RecentIds } from './recent-ids';

function candidate(eventId: string, offset: string, partition = 0): Candidate {
  const event = { eventId } as AuditEvent;
  return {
    event,
    partition,
    offset,
    timeMs: 0,
    dateTime: '2026-03-02 10:00:00',
    original: Buffer.alloc(0),
  };
}

describe('dropRecentRepeats', () => {
  it('keeps the first of ids repeated inside one batch', () => {
    const { unseen, duplicates } = dropRecentRepeats(
      [candidate('a', '1'), candidate('a', '2'), candidate('b', '3')],
      new RecentIds(10),
    );
    expect(unseen.map((c) => c.offset)).toEqual(['1', '3']);
    expect(duplicates).toBe(1);
  });

  it('drops ids seen in an earlier batch', () => {
    const recent = new RecentIds(10);
    recent.add('a', '2026-03-02 10:00:00');
    expect(dropRecentRepeats([candidate('a', '9')], recent).duplicates).toBe(1);
  });
});

describe('planStore', () => {
  it('forwards a stored row at the same position again (a replay of this message) without inserting it', () => {
    const stored = new Map([['a', { kafka_partition: 0, kafka_offset: '7' }]]);
    const plan = planStore([candidate('a', '7')], stored);
    expect(plan.forward).toHaveLength(1);
    expect(plan.insert).toHaveLength(0);
  });

  it('treats a stored row at another position as a duplicate', () => {
    const stored = new Map([['a', { kafka_partition: 1, kafka_offset: '7' }]]);
    const plan = planStore([candidate('a', '7')], stored);
    expect(plan).toEqual({ insert: [], forward: [], duplicates: 1 });
  });

  it('inserts and forwards an unknown id', () => {
    const plan = planStore([candidate('z', '1')], new Map());
    expect(plan.insert).toHaveLength(1);
    expect(plan.forward).toHaveLength(1);
  });

  it('forwards replayed and fresh events in source order', () => {
    const stored = new Map([['b', { kafka_partition: 0, kafka_offset: '2' }]]);
    const plan = planStore([candidate('a', '1'), candidate('b', '2'), candidate('c', '3')], stored);
    expect(plan.forward.map((c) => c.offset)).toEqual(['1', '2', '3']);
    expect(plan.insert.map((c) => c.offset)).toEqual(['1', '3']);
  });
});
