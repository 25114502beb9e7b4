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
    expect(watermark.isLate(95 * MINUTE)).toBe(false);
    expect(watermark.isLate(95 * MINUTE - 1)).toBe(true);
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
    expect(watermark.isLate(1)).toBe(false);
    watermark.setBacklog(1, false);
    watermark.observe(0, 10 * HOUR + 1);
    expect(watermark.isLate(HOUR)).toBe(true);
  });

  it('a backlogged partition not read yet holds the watermark where it is', () => {
    const watermark = new PartitionedWatermark({ allowedLatenessMs: 0, idlePartitionMs: HOUR });
    watermark.setBacklog(2, true);
    watermark.observe(0, 10 * HOUR);
    watermark.observe(2, 5);
    expect(watermark.isLate(5)).toBe(false);
  });
});
