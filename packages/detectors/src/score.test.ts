import { describe, expect, it } from 'vitest';
import {
  normalUpperTailLog10,
  scoreFromLog10P,
  scoreFromProbability,
  severityFromScore,
} from './score';

describe('scores', () => {
  it('score one in a million as 60 and certainty as 0', () => {
    expect(scoreFromProbability(1e-6)).toBe(60);
    expect(scoreFromProbability(1)).toBe(0);
  });

  it('clamp astronomically small probabilities to 100', () => {
    expect(scoreFromLog10P(-400)).toBe(100);
  });

  it('map scores to severities through one table', () => {
    expect([10, 55, 75, 95].map(severityFromScore)).toEqual(['low', 'medium', 'high', 'critical']);
  });

  it('compute normal tails, also far out', () => {
    expect(Math.pow(10, normalUpperTailLog10(0))).toBeCloseTo(0.5, 6);
    expect(Math.pow(10, normalUpperTailLog10(1.959964))).toBeCloseTo(0.025, 6);
    expect(Math.pow(10, normalUpperTailLog10(-1.959964))).toBeCloseTo(0.975, 6);
    expect(normalUpperTailLog10(40)).toBeCloseTo(-349.44, 1);
  });
});
