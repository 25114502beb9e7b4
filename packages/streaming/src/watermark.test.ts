import { describe, expect, it } from 'vitest';
import { PartitionedWatermark } from './watermark';

const MINUTE = 60_000;
const options = { allowedLatenessMs: 5 * MINUTE, idlePartitionMs: 30 * MINUTE };

describe('PartitionedWatermark', () => {
  it('is undefined before the first event', () => {
    expect(new PartitionedWatermark(options).current()).toBeUndefined();
  });

  it('trails the newest event by the allowed lateness', () => {
    const watermark = new PartitionedWatermark(options);
    watermark.observe(0, 100 * MINUTE);
    expect(watermark.current()).toBe(95 * MINUTE);
  });

  it('counts an event within the lateness and flags one beyond it as late', () => {
    const watermark = new PartitionedWatermark(options);
    watermark.observe(0, 100 * MINUTE);
    expect(watermark.isLate(0, 95 * MINUTE)).toBe(false);
    expect(watermark.isLate(0, 95 * MINUTE - 1)).toBe(true);
  });

  it('is held back by the slowest partition', () => {
    const watermark = new PartitionedWatermark(options);
    watermark.observe(1, 90 * MINUTE);
    watermark.observe(0, 100 * MINUTE);
    watermark.observe(0, 110 * MINUTE);
    expect(watermark.current()).toBe(85 * MINUTE);
  });

  it('stops waiting for a partition that is idle in event time', () => {
    const watermark = new PartitionedWatermark(options);
    watermark.observe(0, 100 * MINUTE);
    watermark.observe(1, 100 * MINUTE);
    watermark.observe(0, 120 * MINUTE);
    expect(watermark.current()).toBe(95 * MINUTE);
    watermark.observe(0, 131 * MINUTE);
    expect(watermark.current()).toBe(126 * MINUTE);
  });

  it('never moves backwards when an idle partition wakes up', () => {
    const watermark = new PartitionedWatermark(options);
    watermark.observe(0, 100 * MINUTE);
    watermark.observe(1, 100 * MINUTE);
    watermark.observe(0, 200 * MINUTE);
    watermark.observe(1, 180 * MINUTE);
    expect(watermark.current()).toBe(195 * MINUTE);
  });

  it('rejects negative lateness with a code', () => {
    expect(() => new PartitionedWatermark({ allowedLatenessMs: -1, idlePartitionMs: 1 })).toThrow(
      expect.objectContaining({ code: 'VIGIL_STREAM_BAD_WATERMARK_OPTIONS' }),
    );
  });
});

describe('PartitionedWatermark with a backlog', () => {
  const HOUR = 3_600_000;

  it('a backlogged partition is never idle, however far behind its events are', () => {
    const watermark = new PartitionedWatermark({ allowedLatenessMs: 0, idlePartitionMs: HOUR });
    watermark.observe(1, 0);
    watermark.setBacklog(1, true);
    watermark.observe(0, 10 * HOUR);
    expect(watermark.isLate(1, 1)).toBe(false);
    watermark.setBacklog(1, false);
    watermark.observe(0, 10 * HOUR + 1);
    expect(watermark.isLate(1, HOUR)).toBe(true);
  });

  it('a backlogged partition not read yet holds the watermark where it is', () => {
    const watermark = new PartitionedWatermark({ allowedLatenessMs: 0, idlePartitionMs: HOUR });
    watermark.setBacklog(2, true);
    watermark.observe(0, 10 * HOUR);
    watermark.observe(2, 5);
    expect(watermark.isLate(2, 5)).toBe(false);
  });
});

describe('PartitionedWatermark when a partition is handed over', () => {
  const twoPartitionsAt = (minute: number) => {
    const watermark = new PartitionedWatermark(options);
    watermark.assign([0, 1]);
    watermark.observe(0, minute * MINUTE);
    watermark.observe(1, minute * MINUTE);
    return watermark;
  };
  // As the detector does: a partition just assigned has unread input, so it holds the watermark.
  const handOver = (watermark: PartitionedWatermark, partitions: number[]) => {
    watermark.assign(partitions);
    for (const p of partitions) watermark.setBacklog(p, true);
  };

  it('without the assignment, a new partition is late behind the watermark', () => {
    const watermark = twoPartitionsAt(200);
    expect(watermark.isLate(2, 150 * MINUTE)).toBe(true);
  });

  it("takes the rejoined partition's first event and moves back to cover it", () => {
    const watermark = twoPartitionsAt(200);
    handOver(watermark, [0, 1, 2]);
    expect(watermark.isLate(2, 150 * MINUTE)).toBe(false);
    watermark.observe(2, 150 * MINUTE);
    expect(watermark.current()).toBe(145 * MINUTE);
    expect(watermark.isLate(2, 146 * MINUTE)).toBe(false);
    expect(watermark.isLate(2, 144 * MINUTE)).toBe(true);
  });

  it('keeps the other partitions late behind their own progress, so closed windows stay closed', () => {
    const watermark = twoPartitionsAt(200);
    handOver(watermark, [0, 1, 2]);
    watermark.observe(2, 150 * MINUTE);
    expect(watermark.isLate(0, 160 * MINUTE)).toBe(true);
    expect(watermark.isLate(0, 195 * MINUTE)).toBe(false);
  });

  it('a partition given up no longer holds the watermark back', () => {
    const watermark = new PartitionedWatermark(options);
    handOver(watermark, [0, 1]);
    watermark.observe(0, 100 * MINUTE);
    expect(watermark.observe(0, 110 * MINUTE)).toBe(Number.NEGATIVE_INFINITY);
    handOver(watermark, [0]);
    expect(watermark.observe(0, 120 * MINUTE)).toBe(115 * MINUTE);
  });

  it('an assignment before any event changes nothing', () => {
    const watermark = new PartitionedWatermark(options);
    watermark.assign([0]);
    watermark.observe(0, 100 * MINUTE);
    expect(watermark.current()).toBe(95 * MINUTE);
    expect(watermark.isLate(0, 90 * MINUTE)).toBe(true);
  });
});
