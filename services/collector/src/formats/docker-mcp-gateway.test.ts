import { describe, expect, it } from 'vitest';
import { decodeDockerAuditEvent } from './docker-mcp-gateway';
import {
  dockerInvokeAllowed,
  dockerInvokeDenied,
  dockerLoad,
  dockerPrompt,
} from '../testing/gateway-records';

const bytes = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('decodeDockerAuditEvent', () => {
  it('maps an allowed tool invocation: the client is the agent, the account who it acts for', () => {
    expect(decodeDockerAuditEvent(bytes(dockerInvokeAllowed))).toEqual({
      ok: true,
      value: {
        events: [
          {
            eventId: expect.stringMatching(/^docker-[0-9a-f]{40}$/),
            time: '2026-03-02T10:15:00Z',
            agentId: 'claude-ai',
            method: 'tools/call',
            serverId: 'github-official',
            outcome: 'ok',
            toolName: 'list_issues',
            onBehalfOf: 'u-7f3a9c',
            clientVersion: '0.1.0',
          },
        ],
        skipped: [],
      },
    });
  });

  it('a denied invocation is stored as denied', () => {
    const decoded = decodeDockerAuditEvent(bytes(dockerInvokeDenied));
    expect(decoded.ok && decoded.value.events[0]).toMatchObject({
      outcome: 'denied',
      toolName: 'delete_repository',
    });
  });

  it('a prompt get keeps the prompt name apart from tools', () => {
    const decoded = decodeDockerAuditEvent(bytes(dockerPrompt));
    const event = decoded.ok ? decoded.value.events[0] : undefined;
    expect(event).toMatchObject({ method: 'prompts/get', promptName: 'summarize_pr' });
    expect(event?.toolName).toBeUndefined();
  });

  it('skips and counts loading a server, which is no request', () => {
    expect(decodeDockerAuditEvent(bytes(dockerLoad))).toEqual({
      ok: true,
      value: { events: [], skipped: ['server_load'] },
    });
  });

  it.each([
    ['no client name', { ...dockerInvokeAllowed, client_name: undefined }, /names no agent/],
    ['an unknown result', { ...dockerInvokeAllowed, result: 'maybe' }, /result/],
    ['no timestamp', { ...dockerInvokeAllowed, timestamp: undefined }, /timestamp/],
    ['no server', { ...dockerInvokeAllowed, server_name: '' }, /server_name/],
    ['text that is not JSON', 'trigger=invoke', /not valid JSON/],
  ])('dead-letters an event with %s, with the reason', (_name, record, reason) => {
    const value = typeof record === 'string' ? Buffer.from(record) : bytes(record);
    const decoded = decodeDockerAuditEvent(value);
    expect(decoded.ok ? 'accepted' : decoded.reason).toMatch(reason);
  });
});
