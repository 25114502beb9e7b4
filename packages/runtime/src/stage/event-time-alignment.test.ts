import { describe, expect, it } from 'vitest';
import { EventTimeAlignment } from './event-time-alignment';

const HOUR = 3_600_000;

describe('EventTimeAlignment', () => {
  it('pauses a partition that runs ahead of the slowest one with input left, until it catches up', () => {
    const alignment = new EventTimeAlignment(HOUR);
    alignment.delivered(0, 10 * HOUR, true);
    alignment.delivered(1, 10 * HOUR + 30 * 60_000, true);
    expect(alignment.changes()).toEqual({ pause: [], resume: [] });
    alignment.delivered(1, 12 * HOUR, true);
    expect(alignment.changes()).toEqual({ pause: [1], resume: [] });
    // Still paused, and said again: an outage's resume of the whole topic may have lifted it.
    alignment.delivered(0, 10 * HOUR + 30 * 60_000, true);
    expect(alignment.changes()).toEqual({ pause: [1], resume: [] });
    alignment.delivered(0, 11 * HOUR, true);
    expect(alignment.changes()).toEqual({ pause: [], resume: [1] });
  });

  it('lets everyone go once the slowest partition has nothing left to read', () => {
    const alignment = new EventTimeAlignment(HOUR);
    alignment.delivered(0, HOUR, true);
    alignment.delivered(1, 30 * HOUR, true);
    expect(alignment.changes().pause).toEqual([1]);
    alignment.delivered(0, 2 * HOUR, false);
    expect(alignment.changes()).toEqual({ pause: [], resume: [1] });
  });

  it('never pauses the slowest partition, and keeps a partition’s newest time', () => {
    const alignment = new EventTimeAlignment(HOUR);
    alignment.delivered(0, 5 * HOUR, true);
    alignment.delivered(1, 9 * HOUR, true);
    // An older batch (a rebalance re-reads) does not move the partition back.
    alignment.delivered(1, 2 * HOUR, true);
    expect(alignment.changes().pause).toEqual([1]);
    expect(alignment.reset()).toEqual([1]);
    expect(alignment.changes()).toEqual({ pause: [], resume: [] });
  });
});
