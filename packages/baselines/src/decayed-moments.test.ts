import { describe, expect, it } from 'vitest';
import {
  decayForHalfLife,
  mergeMoments,
  momentsCount,
  momentsMean,
  momentsSd,
  observeMoments,
} from './decayed-moments';

describe('decayed moments', () => {
  it('equal the plain mean and standard deviation without decay', () => {
    const store = new Float64Array(3);
    for (const value of [2, 4, 4, 4, 5, 5, 7, 9]) observeMoments(store, 0, value, 1);
    expect(momentsCount(store, 0)).toBe(8);
    expect(momentsMean(store, 0)).toBeCloseTo(5);
    expect(momentsSd(store, 0)).toBeCloseTo(2);
  });

  it('follow a level shift when older samples decay', () => {
    const store = new Float64Array(3);
    const decay = decayForHalfLife(10);
    for (let i = 0; i < 100; i++) observeMoments(store, 0, 10, decay);
    for (let i = 0; i < 100; i++) observeMoments(store, 0, 50, decay);
    expect(momentsMean(store, 0)).toBeGreaterThan(49);
  });

  it('merge into the statistics of the combined series', () => {
    const a = new Float64Array(3);
    const b = new Float64Array(3);
    const all = new Float64Array(3);
    [1, 2, 3].forEach((v) => (observeMoments(a, 0, v, 1), observeMoments(all, 0, v, 1)));
    [10, 20].forEach((v) => (observeMoments(b, 0, v, 1), observeMoments(all, 0, v, 1)));
    mergeMoments(a, 0, b, 0);
    expect(momentsMean(a, 0)).toBeCloseTo(momentsMean(all, 0));
    expect(momentsSd(a, 0)).toBeCloseTo(momentsSd(all, 0));
  });
});
