import { describe, expect, it } from 'vitest';
import { decodeAgentgatewayRecord } from './agentgateway';
import {
  agentgatewayLlmRequest,
  agentgatewayRefused,
  agentgatewayResourceRead,
  agentgatewayToolCall,
} from '../testing/gateway-records';

const bytes = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('decodeAgentgatewayRecord', () => {
  it('maps an MCP tool call to the contract, leaving token, user and sizes empty', () => {
    const decoded = decodeAgentgatewayRecord(bytes(agentgatewayToolCall));
    expect(decoded).toEqual({
      ok: true,
      value: {
        events: [
          {
            eventId: expect.stringMatching(/^agw-[0-9a-f]{40}$/),
            time: '2026-03-02T10:15:00.123456Z',
            agentId: 'sales-agent-5',
            method: 'tools/call',
            serverId: 'crm',
            outcome: 'ok',
            toolName: 'search_accounts',
            sessionId: '2b1b5a3c9d0e4f0a8b7c6d5e4f3a2b1c',
            durationMs: 42,
            gatewayId: 'default/agentgateway',
            sourceIp: '192.0.2.17',
          },
        ],
        skipped: [],
      },
    });
  });

  it('the same record gives the same event id, another record another', () => {
    const id = (record: unknown) => {
      const decoded = decodeAgentgatewayRecord(bytes(record));
      return decoded.ok ? decoded.value.events[0]?.eventId : undefined;
    };
    expect(id(agentgatewayToolCall)).toBe(id(agentgatewayToolCall));
    expect(id(agentgatewayToolCall)).not.toBe(id(agentgatewayResourceRead));
  });

  it('a resource read carries its URI', () => {
    const decoded = decodeAgentgatewayRecord(bytes(agentgatewayResourceRead));
    expect(decoded.ok && decoded.value.events[0]).toMatchObject({
      method: 'resources/read',
      resourceUri: 'crm://accounts/4711',
      durationMs: 7,
    });
  });

  it('a request the gateway refused is denied, and an IPv6 peer keeps its address', () => {
    const decoded = decodeAgentgatewayRecord(bytes(agentgatewayRefused));
    expect(decoded.ok && decoded.value.events[0]).toMatchObject({
      outcome: 'denied',
      toolName: 'delete_account',
      sourceIp: '2001:db8::7',
    });
  });

  it('an MCP error is an error', () => {
    const record = { ...agentgatewayToolCall, 'mcp.error.code': -32601 };
    const decoded = decodeAgentgatewayRecord(bytes(record));
    expect(decoded.ok && decoded.value.events[0]?.outcome).toBe('error');
  });

  it('skips and counts requests that are not MCP, and notifications', () => {
    expect(decodeAgentgatewayRecord(bytes(agentgatewayLlmRequest))).toEqual({
      ok: true,
      value: { events: [], skipped: ['not_mcp'] },
    });
    const notification = {
      ...agentgatewayToolCall,
      'mcp.method.name': 'notifications/initialized',
    };
    expect(decodeAgentgatewayRecord(bytes(notification))).toMatchObject({
      value: { skipped: ['notification'] },
    });
  });

  it.each([
    ['no agent identity', { ...agentgatewayToolCall, 'jwt.sub': undefined }, /names no agent/],
    [
      'no server',
      { ...agentgatewayToolCall, 'mcp.target': undefined, route: undefined },
      /names no server/,
    ],
    [
      'a time that is no timestamp',
      { ...agentgatewayToolCall, time: 'yesterday' },
      /^not an agentgateway log record: time/,
    ],
    ['a duration without unit', { ...agentgatewayToolCall, duration: 42 }, /duration/],
    ['a JSON array', [agentgatewayToolCall], /an array/],
  ])('dead-letters a record with %s, with the reason', (_name, record, reason) => {
    const decoded = decodeAgentgatewayRecord(bytes(record));
    expect(decoded.ok ? 'accepted' : decoded.reason).toMatch(reason);
  });
});
