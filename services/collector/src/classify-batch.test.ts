import type { AuditEvent } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { classifyAgainstStore, dropRecentRepeats, type Candidate } from './classify-batch';
import { RecentIds } from './recent-ids';

function candidate(eventId: string, offset: string, partition = 0): Candidate {
  const event = { eventId } as AuditEvent;
  return { event, partition, offset };
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
    recent.add('a');
    expect(dropRecentRepeats([candidate('a', '9')], recent).duplicates).toBe(1);
  });
});

describe('classifyAgainstStore', () => {
  it('treats a stored row at the same position as a replay of this message', () => {
    const stored = new Map([['a', { kafka_partition: 0, kafka_offset: '7' }]]);
    const result = classifyAgainstStore([candidate('a', '7')], stored);
    expect(result.replayed).toHaveLength(1);
    expect(result.fresh).toHaveLength(0);
  });

  it('treats a stored row at another position as a duplicate', () => {
    const stored = new Map([['a', { kafka_partition: 1, kafka_offset: '7' }]]);
    const result = classifyAgainstStore([candidate('a', '7')], stored);
    expect(result.duplicates).toBe(1);
  });

  it('treats an unknown id as fresh', () => {
    expect(classifyAgainstStore([candidate('z', '1')], new Map()).fresh).toHaveLength(1);
  });
});
