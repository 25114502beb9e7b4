import { describe, expect, it } from 'vitest';
import { decodeAgentgatewayRecord } from '../../services/collector/src/formats/agentgateway';
import { decodeDockerAuditEvent } from '../../services/collector/src/formats/docker-mcp-gateway';
import { decodeOtlpMessage } from '../../services/collector/src/formats/otlp';
import { RENDER } from './render-source';

const call = {
  eventId: 'e-1',
  time: '2026-03-02T10:15:00.000Z',
  agentId: 'sales-5',
  method: 'tools/call',
  serverId: 'crm',
  outcome: 'denied' as const,
  toolName: 'export_accounts',
  onBehalfOf: 'alice',
  responseBytes: 5_000_000,
  durationMs: 12,
};

describe('a scenario event rendered as each source writes it', () => {
  it.each([
    ['agentgateway', decodeAgentgatewayRecord],
    ['docker', decodeDockerAuditEvent],
    ['otlp', decodeOtlpMessage],
  ] as const)(
    '%s: the collector reads back its agent, method, server, tool and outcome',
    (source, decode) => {
      const decoded = decode(Buffer.from(RENDER[source](call) ?? ''));
      if (!decoded.ok) throw new Error(decoded.reason);
      expect(decoded.value.events[0]).toMatchObject({
        agentId: 'sales-5',
        method: 'tools/call',
        serverId: 'crm',
        toolName: 'export_accounts',
      });
      // What the source does not write does not come back.
      expect(decoded.value.events[0]?.responseBytes).toBeUndefined();
    },
  );

  it('Docker cannot express a resource read: it is left out', () => {
    expect(
      RENDER.docker({ ...call, method: 'resources/read', toolName: undefined }),
    ).toBeUndefined();
  });
});
