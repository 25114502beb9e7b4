import { describe, expect, it } from 'vitest';
import type { LabelledAttack } from '../scenarios/scenario';
import { attackShape } from './detection-report';

const attack = (id: string, kind: LabelledAttack['kind']): LabelledAttack => ({
  id,
  kind,
  agentId: 'a',
  startMs: 0,
  endMs: 0,
  eventIds: [],
  description: '',
});

describe('attackShape', () => {
  it('names a fleet attack by kind and variant, a team attack by kind', () => {
    expect(attackShape(attack('principal_fanout-2-slow', 'principal_fanout'))).toBe(
      'principal_fanout/slow',
    );
    expect(attackShape(attack('payload_size-3-slow-exfiltration', 'payload_size'))).toBe(
      'payload_size/slow-exfiltration',
    );
    expect(attackShape(attack('call_volume-4', 'call_volume'))).toBe('call_volume');
  });
});
