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
