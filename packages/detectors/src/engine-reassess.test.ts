import type { AuditEvent } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { createDetectionEngine } from './engine';

const use: AuditEvent = {
  eventId: 'use-1',
  time: '2026-03-02T10:05:00Z',
  agentId: 'agent-1',
  method: 'tools/call',
  serverId: 'crm',
  outcome: 'ok',
  toolName: 'get_account',
  tokenId: 'jti-1',
};

describe('reassess', () => {
  it('raises revoked_token when a late revocation re-judges an event already counted', () => {
    const engine = createDetectionEngine();
    const active = {
      tokenStatus: 'active',
      userStatus: 'active',
      tokenAgentId: 'agent-1',
    } as const;
    engine.ingest({ event: use, enrichment: active, partition: 0 });
    const before = engine.stats().eventsIngested;
    const found = engine.reassess({
      event: use,
      enrichment: { ...active, tokenStatus: 'revoked', tokenStatusReason: 'revoked' },
      partition: 0,
    });
    expect(found.map((a) => a.kind)).toEqual(['revoked_token']);
    expect(engine.stats().eventsIngested).toBe(before);
  });

  it('says nothing for an agent it has never seen', () => {
    const engine = createDetectionEngine();
    const revoked = { tokenStatus: 'revoked', userStatus: 'active' } as const;
    expect(engine.reassess({ event: use, enrichment: revoked, partition: 0 })).toEqual([]);
  });
});
