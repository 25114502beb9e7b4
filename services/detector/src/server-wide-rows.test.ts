import { describe, expect, it } from 'vitest';
import { canonicalAnchor, placeRows, settleRows } from './server-wide-rows';
import { definitionChangeRow } from './testing/definition-change-row';

const row = (agent: string, time: string, version: number, id = 'change-1') =>
  definitionChangeRow(id, agent, time, version);

describe('canonicalAnchor', () => {
  it('is the earliest anchor, then the first agent by id, whatever the order', () => {
    const anchors = [
      { agent_id: 'b', event_time: '2026-03-09 10:00:05' },
      { agent_id: 'c', event_time: '2026-03-09 10:00:01' },
      { agent_id: 'a', event_time: '2026-03-09 10:00:01' },
    ];
    expect(canonicalAnchor(anchors)).toEqual(anchors[2]);
    expect(canonicalAnchor([...anchors].reverse())).toEqual(anchors[2]);
    expect(canonicalAnchor([])).toBeUndefined();
  });
});

describe('placeRows', () => {
  it('moves a new version onto the anchor its id is stored under, and skips versions stored', () => {
    const stored = [{ ...row('agent-a', '2026-03-09 10:00:00', 1) }];
    const mine = [
      row('agent-z', '2026-03-09 10:03:00', 1),
      row('agent-z', '2026-03-09 10:03:00', 2),
    ];
    const placed = placeRows(mine, stored);
    expect(placed).toHaveLength(1);
    expect(placed[0]).toMatchObject({
      agent_id: 'agent-a',
      event_time: '2026-03-09 10:00:00',
      version: 2,
      evidence_event_ids: ['ev-agent-z-2'],
    });
  });

  it('keeps its own anchor for an id stored nowhere yet, and a version once', () => {
    const mine = row('agent-z', '2026-03-09 10:03:00', 1);
    expect(placeRows([mine, mine], [])).toEqual([mine]);
  });
});

describe('settleRows', () => {
  it('leaves an id stored under one anchor alone', () => {
    const { rehome, keep } = settleRows([
      row('agent-a', '2026-03-09 10:00:00', 1),
      row('agent-a', '2026-03-09 10:00:00', 2),
    ]);
    expect(rehome).toEqual([]);
    expect(keep.size).toBe(0);
  });

  it('moves the versions only another anchor holds onto the earliest, keeping its own', () => {
    // Two instances stored the first version at once: one saw one agent meet the change, one two.
    const { rehome, keep } = settleRows([
      row('agent-z', '2026-03-09 10:03:00', 1),
      row('agent-z', '2026-03-09 10:03:00', 3),
      row('agent-a', '2026-03-09 10:00:00', 1),
      row('agent-a', '2026-03-09 10:00:00', 2),
      row('other-a', '2026-03-09 09:00:00', 1, 'change-2'),
    ]);
    expect(keep).toEqual(
      new Map([['change-1', { agent_id: 'agent-a', event_time: '2026-03-09 10:00:00' }]]),
    );
    expect(rehome).toHaveLength(1);
    expect(rehome[0]).toMatchObject({
      agent_id: 'agent-a',
      event_time: '2026-03-09 10:00:00',
      version: 3,
      count: 3,
    });
  });
});
