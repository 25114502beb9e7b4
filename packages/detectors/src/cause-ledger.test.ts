import { describe, expect, it } from 'vitest';
import type { CoreAnomaly } from './anomaly';
import { CauseLedger, causeKey } from './cause-ledger';

const HOUR = 3_600_000;

function anomaly(id: string, score: number, evidence: string[]): CoreAnomaly {
  return {
    anomalyId: id,
    eventTime: '2026-03-02T10:00:00.000Z',
    agentId: 'a',
    kind: 'call_volume',
    score,
    severity: 'medium',
    observed: `observed ${id}`,
    expected: 'expected',
    explanation: `explanation ${id}`,
    evidenceEventIds: evidence,
    count: 1,
    version: 1,
  };
}

describe('CauseLedger', () => {
  it('turns a repeat into the next version of the first anomaly, with the strongest words', () => {
    const ledger = new CauseLedger(24 * HOUR);
    const first = ledger.record('c', anomaly('first', 60, ['e1']), 0, 6);
    const weaker = ledger.record('c', anomaly('second', 40, ['e2']), HOUR, 4);
    const stronger = ledger.record('c', anomaly('third', 95, ['e3', 'e1']), 2 * HOUR, 9.5);
    expect(first).toMatchObject({ anomalyId: 'first', count: 1, version: 1 });
    expect(weaker).toMatchObject({ anomalyId: 'first', count: 2, version: 2, score: 60 });
    expect(weaker.evidenceEventIds).toEqual(['e2', 'e1']);
    expect(stronger).toMatchObject({
      anomalyId: 'first',
      count: 3,
      version: 3,
      score: 95,
      severity: 'critical',
      observed: 'observed third',
    });
    expect(stronger.evidenceEventIds).toEqual(['e3', 'e1', 'e2']);
  });

  it('keeps the words of the most surprising occurrence when scores saturate at 100', () => {
    const ledger = new CauseLedger(HOUR);
    ledger.record('c', anomaly('partial', 100, []), 0, 14);
    const fuller = ledger.record('c', anomaly('fuller', 100, []), 1, 40);
    const partialAgain = ledger.record('c', anomaly('partial-again', 100, []), 2, 14);
    expect(fuller).toMatchObject({ anomalyId: 'partial', observed: 'observed fuller' });
    expect(partialAgain).toMatchObject({ version: 3, observed: 'observed fuller' });
  });

  it('forgets a cause quiet for longer than its memory', () => {
    const ledger = new CauseLedger(HOUR);
    ledger.record('c', anomaly('first', 60, []), 0, 6);
    expect(ledger.record('c', anomaly('later', 60, []), 2 * HOUR, 6)).toMatchObject({
      anomalyId: 'later',
      version: 1,
    });
    ledger.prune(4 * HOUR);
    expect(ledger.size).toBe(0);
  });

  it('survives a snapshot', () => {
    const ledger = new CauseLedger(HOUR);
    ledger.record('c', anomaly('first', 60, []), 0, 6);
    const restored = new CauseLedger(HOUR);
    restored.restore(JSON.parse(JSON.stringify(ledger.toJSON())));
    expect(restored.record('c', anomaly('x', 60, []), 1, 6)).toMatchObject({
      anomalyId: 'first',
      version: 2,
    });
  });

  it('makes one cause of a window kind whatever tool it is about, and keeps tokens apart', () => {
    expect(causeKey('call_volume', 'crm\u0000get')).toBe(causeKey('call_volume', '*'));
    expect(causeKey('revoked_token', 'tok-1')).not.toBe(causeKey('revoked_token', 'tok-2'));
  });
});
