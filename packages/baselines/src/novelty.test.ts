import { describe, expect, it } from 'vitest';
import { NoveltySet, noveltyProbability } from './novelty';

describe('novelty', () => {
  it('reports only the first use of a key as new', () => {
    const set = new NoveltySet();
    expect(set.observe('ticket://T-{n}')).toBe(true);
    expect(set.observe('ticket://T-{n}')).toBe(false);
  });

  it('expects little novelty from a settled agent and much from a newcomer', () => {
    expect(noveltyProbability(5, 10_000)).toBeLessThan(0.001);
    expect(noveltyProbability(5, 8)).toBeGreaterThan(0.5);
  });

  it('survives a JSON round trip', () => {
    const set = new NoveltySet();
    set.observe('a');
    set.observe('b');
    const copy = NoveltySet.fromJSON(JSON.parse(JSON.stringify(set)));
    expect(copy.toJSON()).toEqual(['a', 'b']);
  });
});
