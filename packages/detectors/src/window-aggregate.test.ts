import { describe, expect, it } from 'vitest';
import type { OpState } from './agent-state';
import { addToWindow, createWindowAggregate, largestEvidence } from './window-aggregate';

const op = { lastWindow: undefined, lastCounter: undefined } as unknown as OpState;

describe('window aggregate', () => {
  it('keeps the 20 largest responses as payload evidence, largest first', () => {
    const window = createWindowAggregate();
    for (let i = 1; i <= 50; i++) addToWindow(window, op, `e-${i}`, (i * 37) % 50, undefined);
    const evidence = largestEvidence(window);
    expect(evidence).toHaveLength(20);
    expect(evidence[0]).toBe('e-27');
    expect(window.bytes).toBe(
      Array.from({ length: 50 }, (_, i) => ((i + 1) * 37) % 50).reduce((a, b) => a + b, 0),
    );
  });

  it('counts distinct users once, whatever their order', () => {
    const window = createWindowAggregate();
    for (const user of ['u1', 'u1', 'u2', 'u1', 'u3', 'u2'])
      addToWindow(window, op, `e-${user}`, undefined, user);
    expect(window.users.size).toBe(3);
    expect(window.userEvidence).toEqual(['e-u1', 'e-u2', 'e-u3']);
  });
});
