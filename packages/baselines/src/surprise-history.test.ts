import { describe, expect, it } from 'vitest';
import { SurpriseHistory } from './surprise-history';

const options = { binWidth: 1, maxScore: 100, halfLifeSamples: Infinity };

describe('SurpriseHistory', () => {
  it('gives the conformal p-value of a score among the past ones', () => {
    const history = new SurpriseHistory(options);
    for (let i = 0; i < 99; i++) history.observe(i % 2 === 0 ? 5 : 30);
    // 49 past scores of 30 or more, 99 in all: (49 + 1) / (99 + 1).
    expect(history.tailProbability(30)).toBeCloseTo(0.5, 12);
    expect(history.tailProbability(60)).toBeCloseTo(1 / 100, 12);
    expect(history.tailProbability(0)).toBe(1);
  });

  it('finds a routine surprise routine and a first one rare', () => {
    const bursty = new SurpriseHistory(options);
    const steady = new SurpriseHistory(options);
    for (let i = 0; i < 1000; i++) {
      bursty.observe(i % 10 === 0 ? 60 : 3);
      steady.observe(3);
    }
    expect(bursty.tailProbability(60)).toBeGreaterThan(0.09);
    expect(steady.tailProbability(60)).toBeLessThan(0.001);
  });

  it('forgets with its half-life and survives a snapshot', () => {
    const history = new SurpriseHistory({ ...options, halfLifeSamples: 10 });
    history.observe(50);
    for (let i = 0; i < 10; i++) history.observe(1);
    const copy = new SurpriseHistory({ ...options, halfLifeSamples: 10 });
    copy.restore(history.toJSON());
    // The old 50 now weighs 0.5: (0.5 + 1) / (samples + 1).
    const expected = (0.5 + 1) / (history.samples() + 1);
    expect(history.tailProbability(50)).toBeCloseTo(expected, 9);
    expect(copy.tailProbability(50)).toBeCloseTo(expected, 9);
    expect(() => copy.restore({ counts: [1], total: 1 })).toThrow(/wrong shape/);
  });
});
