import { describe, expect, it } from 'vitest';
import { AgentRecency } from './agent-recency';

describe('AgentRecency', () => {
  it('evicts the least recently seen agent on probation first', () => {
    const recency = new AgentRecency<string>(10);
    for (const agent of ['a', 'b', 'c']) recency.admit(agent);
    recency.touch('a');
    expect(recency.next()).toEqual({ agent: 'b', segment: 'probation' });
  });

  it('a flood of newcomers never reaches a protected agent while any is on probation', () => {
    const recency = new AgentRecency<string>(10);
    recency.admit('victim');
    recency.promote('victim');
    for (let i = 0; i < 1_000; i++) {
      recency.admit(`flood-${i}`);
      const next = recency.next();
      expect(next?.segment).toBe('probation');
      recency.remove(next?.agent as string);
    }
    expect(recency.segmentOf('victim')).toBe('protected');
  });

  it('takes the least recently seen protected agent once probation is empty', () => {
    const recency = new AgentRecency<string>(10);
    for (const agent of ['a', 'b']) {
      recency.admit(agent);
      recency.promote(agent);
    }
    recency.touch('a');
    expect(recency.next()).toEqual({ agent: 'b', segment: 'protected' });
  });

  it('promoting past the protected limit demotes the least recently seen protected agent', () => {
    const recency = new AgentRecency<string>(2);
    for (const agent of ['a', 'b', 'c']) {
      recency.admit(agent);
      recency.promote(agent);
    }
    expect(recency.protectedSize).toBe(2);
    expect(recency.segmentOf('a')).toBe('probation');
    expect(recency.next()).toEqual({ agent: 'a', segment: 'probation' });
  });

  it('nobody tracked: nothing to evict', () => {
    const recency = new AgentRecency<string>(1);
    recency.admit('a');
    recency.remove('a');
    expect(recency.next()).toBeUndefined();
  });
});
