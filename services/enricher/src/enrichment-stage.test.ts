import type { AuditEvent, IdentityEvent, PipelineEnvelope } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { createEnrichmentStage } from './enrichment-stage';

const stageConfig = {
  maxBufferedEvents: 100,
  maxWaitMs: 300_000,
  allowedLatenessMs: 300_000,
  recentEventsForReassessment: 100,
  maxHoldMs: 30_000,
};

/** An identity event as the identity feed hands it on: with its time already parsed. */
function timed(event: IdentityEvent) {
  return { event, timeMs: Date.parse(event.time) };
}

function use(eventId: string, offset: string, time: string, tokenId = 'jti-1') {
  const event: AuditEvent = {
    eventId,
    time,
    agentId: 'agent-1',
    method: 'tools/call',
    serverId: 'crm',
    outcome: 'ok',
    tokenId,
    onBehalfOf: 'alice',
  };
  const envelope: PipelineEnvelope = {
    event,
    timeMs: Date.parse(time),
    source: { partition: 2, offset: `9${offset}` },
    head: Buffer.alloc(0),
  };
  return { envelope, offset };
}

const issued: IdentityEvent = {
  eventId: 'i-1',
  time: '2026-03-02T09:00:00Z',
  type: 'token.issued',
  tokenId: 'jti-1',
  agentId: 'agent-1',
  userId: 'alice',
  expiresAt: '2026-03-02T11:00:00Z',
};

describe('enrichment stage', () => {
  it('holds an event whose token is unknown and commits only up to it', () => {
    const stage = createEnrichmentStage(stageConfig);
    expect(stage.offerAudit([use('e1', '4', '2026-03-02T10:00:00Z')], 0, 0)).toEqual([]);
    stage.consumed(0, '4');
    expect(stage.commitPositions()).toEqual([{ partition: 0, offset: '4' }]);
    const { ready } = stage.offerIdentity([timed(issued)]);
    expect(ready.map((r) => r.envelope.enrichment?.tokenStatus)).toEqual(['active']);
    expect(stage.commitPositions()).toEqual([{ partition: 0, offset: '5' }]);
  });

  it('sends a held event in event-time order within a batch, not after the whole batch', () => {
    const stage = createEnrichmentStage(stageConfig);
    stage.offerIdentity([timed(issued)]);
    const minutes = (m: number) => `2026-03-02T10:${String(m).padStart(2, '0')}:00Z`;
    const batch = [
      use('held', '0', minutes(0), 'jti-never'),
      ...[2, 4, 6, 8, 10, 20, 40].map((m, i) => use(`e${m}`, String(i + 1), minutes(m))),
    ];
    const sent = stage.offerAudit(batch, 0, 0).map((o) => o.envelope.event.eventId);
    // Due once event time passes 10:05 (maxWaitMs 5 minutes): e6 brings it out, just ahead of e6,
    // with the agent's events that waited behind it in the order they came.
    expect(sent).toEqual(['held', 'e2', 'e4', 'e6', 'e8', 'e10', 'e20', 'e40']);
  });

  it('releases an event held too long in processing time when nothing follows it', () => {
    const stage = createEnrichmentStage(stageConfig);
    stage.offerAudit([use('e9', '0', '2026-03-02T10:00:00Z', 'jti-never')], 0, 1_000);
    expect(stage.tick(20_000)).toEqual([]);
    const [released] = stage.tick(31_000);
    expect(released?.envelope.enrichment?.tokenStatus).toBe('unknown');
  });

  it('re-judges an event already sent when its revocation arrives late', () => {
    const stage = createEnrichmentStage(stageConfig);
    stage.offerIdentity([timed(issued)]);
    const [sent] = stage.offerAudit([use('e2', '0', '2026-03-02T10:05:00Z')], 0, 0);
    expect(sent?.envelope.enrichment?.tokenStatus).toBe('active');
    const { reassessed } = stage.offerIdentity([
      timed({
        eventId: 'i-2',
        time: '2026-03-02T10:01:00Z',
        type: 'token.revoked',
        tokenId: 'jti-1',
      }),
    ]);
    expect(reassessed).toHaveLength(1);
    expect(reassessed[0]?.envelope).toMatchObject({
      reassessed: true,
      enrichment: { tokenStatus: 'revoked' },
    });
  });

  it('flags an event older than the lateness behind the newest one as late', () => {
    const stage = createEnrichmentStage(stageConfig);
    stage.offerIdentity([timed(issued)]);
    stage.offerAudit([use('e3', '0', '2026-03-02T10:30:00Z')], 0, 0);
    const [late] = stage.offerAudit([use('e4', '1', '2026-03-02T10:10:00Z')], 0, 0);
    expect(late?.late).toBe(true);
  });
});

describe('enrichment stage: bounded identity state', () => {
  it('forgets a token on the tick once the watermark passes its expiry by the retention', () => {
    const stage = createEnrichmentStage(stageConfig);
    stage.offerIdentity([timed(issued)]); // expires 11:00; retention 4 h, lateness 5 min
    stage.offerAudit([use('e1', '1', '2026-03-02T15:04:00Z', '')], 0, 0);
    stage.tick(1);
    expect(stage.stats().tokens).toBe(1);
    stage.offerAudit([use('e2', '2', '2026-03-02T15:06:00Z', '')], 0, 2);
    stage.tick(3);
    expect(stage.stats().tokens).toBe(0);
  });
});

describe('enrichment stage: pruning waits for the slowest partition', () => {
  it('keeps a token a partition far behind in event time may still present', () => {
    const stage = createEnrichmentStage(stageConfig);
    stage.offerIdentity([timed(issued)]); // expires 11:00
    stage.offerAudit([use('slow', '1', '2026-03-02T10:30:00Z', '')], 1, 0);
    stage.offerAudit([use('fast', '1', '2026-03-02T20:00:00Z', '')], 0, 1);
    stage.tick(2);
    expect(stage.stats().tokens).toBe(1);
  });
});
