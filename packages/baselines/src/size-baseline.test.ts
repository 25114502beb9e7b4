import { describe, expect, it } from 'vitest';
import { log10Size, observeSize, sizeDecay, sizeExpectation } from './size-baseline';

describe('size baseline', () => {
  it('expects the geometric mean of the sizes seen', () => {
    const store = new Float64Array(3);
    for (const bytes of [999, 99_999]) observeSize(store, 0, bytes, 1);
    expect(sizeExpectation(store, 0).typicalBytes).toBeCloseTo(9_999, 0);
  });

  it('puts a 50 MB response many standard deviations above KB-sized ones', () => {
    const store = new Float64Array(3);
    for (let i = 0; i < 200; i++) observeSize(store, 0, 2_000 + (i % 7) * 500, sizeDecay(500));
    const expected = sizeExpectation(store, 0);
    expect((log10Size(50_000_000) - expected.meanLog) / expected.sdLog).toBeGreaterThan(20);
  });
});

describe('size baseline adaptation', () => {
  it('follows sizes that change for good', () => {
    const store = new Float64Array(3);
    for (let i = 0; i < 500; i++) observeSize(store, 0, 1_000, sizeDecay(50));
    for (let i = 0; i < 500; i++) observeSize(store, 0, 100_000, sizeDecay(50));
    expect(sizeExpectation(store, 0).typicalBytes).toBeGreaterThan(90_000);
  });
});
