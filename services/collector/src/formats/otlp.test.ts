import { SpanKind } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import {
  httpSpan,
  otlpLogs,
  otlpTraces,
  resourceReadSpan,
  toolCallSpan,
} from '../testing/otlp-export';
import { decodeOtlpMessage } from './otlp';
import { protoSignal } from './otlp-proto';

const encodings = ['otlp_proto', 'otlp_json'] as const;

describe.each(encodings)('decodeOtlpMessage, %s traces', (encoding) => {
  it('maps MCP server spans to the contract and skips the span without MCP attributes', () => {
    const message = otlpTraces([toolCallSpan, httpSpan, resourceReadSpan], encoding);
    const decoded = decodeOtlpMessage(message);
    if (!decoded.ok) throw new Error(decoded.reason);
    expect(decoded.value.skipped).toEqual(['not_mcp']);
    expect(decoded.value.events).toEqual([
      {
        eventId: expect.stringMatching(/^otlp-[0-9a-f]{32}-[0-9a-f]{16}$/),
        time: '2026-03-02T10:15:00.250Z',
        agentId: 'sales-agent-5',
        method: 'tools/call',
        serverId: 'crm',
        outcome: 'ok',
        toolName: 'search_accounts',
        durationMs: 42,
        sourceIp: '192.0.2.17',
        serverVersion: '2.4.1',
      },
      expect.objectContaining({
        method: 'resources/read',
        resourceUri: 'crm://accounts/4711',
        sessionId: '191c4850af6c49e08843a3f6c80e5046',
        durationMs: 7,
      }),
    ]);
  });

  it('the same export gives the same event ids', () => {
    const message = otlpTraces([toolCallSpan], encoding);
    const ids = (m: Buffer) => {
      const decoded = decodeOtlpMessage(m);
      return decoded.ok ? decoded.value.events.map((e) => e.eventId) : [];
    };
    expect(ids(message)).toEqual(ids(Buffer.from(message)));
  });

  it('a span with an error status is an error; a client span is skipped and counted', () => {
    const failed = { ...toolCallSpan, error: true };
    const client = { ...toolCallSpan, kind: SpanKind.CLIENT };
    const decoded = decodeOtlpMessage(otlpTraces([failed, client], encoding));
    if (!decoded.ok) throw new Error(decoded.reason);
    expect(decoded.value.events.map((e) => e.outcome)).toEqual(['error']);
    expect(decoded.value.skipped).toEqual(['client_span']);
  });

  it('without an agent name the peer address is the agent; without either the span is skipped', () => {
    const anonymous = {
      ...toolCallSpan,
      attributes: { ...toolCallSpan.attributes, 'gen_ai.agent.id': undefined },
    };
    const noPeer = {
      ...anonymous,
      attributes: { ...anonymous.attributes, 'client.address': undefined },
    };
    const decoded = decodeOtlpMessage(otlpTraces([anonymous, noPeer], encoding));
    if (!decoded.ok) throw new Error(decoded.reason);
    expect(decoded.value.events.map((e) => e.agentId)).toEqual(['192.0.2.17']);
    expect(decoded.value.skipped).toEqual(['no_agent']);
  });
});

describe.each(encodings)('decodeOtlpMessage, %s logs', (encoding) => {
  it("maps agentgateway's OTLP request logs by the same attributes as its JSON log", () => {
    const message = otlpLogs(
      [
        {
          timeMs: Date.parse('2026-03-02T10:15:00.123Z'),
          attributes: {
            'mcp.method.name': 'tools/call',
            'mcp.target': 'crm',
            'gen_ai.tool.name': 'search_accounts',
            'jwt.sub': 'sales-agent-5',
            'src.addr': '192.0.2.17:51234',
            'http.status': 200,
          },
          body: 'never read',
        },
        { timeMs: Date.parse('2026-03-02T10:15:02Z'), attributes: { 'http.path': '/healthz' } },
      ],
      encoding,
    );
    const decoded = decodeOtlpMessage(message);
    if (!decoded.ok) throw new Error(decoded.reason);
    expect(decoded.value).toEqual({
      events: [
        {
          eventId: expect.stringMatching(/^otlp-log-[0-9a-f]{40}$/),
          time: '2026-03-02T10:15:00.123Z',
          agentId: 'sales-agent-5',
          method: 'tools/call',
          serverId: 'crm',
          outcome: 'ok',
          toolName: 'search_accounts',
          sourceIp: '192.0.2.17',
        },
      ],
      skipped: ['not_mcp'],
    });
  });
});

describe('decodeOtlpMessage, broken payloads', () => {
  it.each([
    ['an empty message', Buffer.alloc(0), /empty/],
    [
      'truncated protobuf',
      otlpTraces([toolCallSpan], 'otlp_proto').subarray(0, 40),
      /not valid OTLP protobuf/,
    ],
    [
      'JSON that is no OTLP',
      Buffer.from('{"spans":[{"name":1}]}'),
      /not OTLP traces or logs: resourceSpans/,
    ],
    [
      'a span time that is no number',
      Buffer.from('{"resourceSpans":[{"scopeSpans":[{"spans":[{"startTimeUnixNano":"soon"}]}]}]}'),
      /startTimeUnixNano/,
    ],
  ])('dead-letters %s with the reason', (_name, value, reason) => {
    const decoded = decodeOtlpMessage(value);
    expect(decoded.ok ? 'accepted' : decoded.reason).toMatch(reason);
  });
});

describe('protoSignal', () => {
  it('tells traces from logs on the wire', () => {
    expect(protoSignal(otlpTraces([toolCallSpan], 'otlp_proto'))).toBe('traces');
    expect(protoSignal(otlpLogs([{ timeMs: 1, attributes: { a: 'b' } }], 'otlp_proto'))).toBe(
      'logs',
    );
  });
});
