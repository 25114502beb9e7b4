import { loadConfig } from '@vigil/runtime';
import { describe, expect, it } from 'vitest';
import { CollectorConfig } from '../config';
import { agentgatewayToolCall } from '../testing/gateway-records';
import { decodeInput, inputTopics } from './input-formats';

const env = {
  KAFKA_BROKERS: '127.0.0.1:9092',
  CLICKHOUSE_URL: 'http://127.0.0.1:8123',
};

describe('input formats from config', () => {
  it('reads every format from its default topic unless told otherwise', () => {
    const topics = inputTopics(loadConfig(CollectorConfig, env));
    expect([...topics]).toEqual([
      ['mcp.audit.v1', 'audit'],
      ['mcp.otlp.v1', 'otlp'],
      ['mcp.gateway.agentgateway.v1', 'agentgateway'],
      ['mcp.gateway.docker.v1', 'docker'],
    ]);
  });

  it('dispatches a message by the topic it came from', () => {
    const config = loadConfig(CollectorConfig, {
      ...env,
      COLLECTOR_INPUTS: 'agentgateway',
      VIGIL_TOPIC_AGENTGATEWAY: 'edge.logs',
    });
    const topics = inputTopics(config);
    const record = Buffer.from(JSON.stringify(agentgatewayToolCall));
    expect(decodeInput(topics, 'edge.logs', record)).toMatchObject({
      ok: true,
      value: { events: [{ agentId: 'sales-agent-5' }] },
    });
    expect(decodeInput(topics, 'mcp.audit.v1', record)).toEqual({
      ok: false,
      reason: 'no input format reads topic mcp.audit.v1',
    });
  });

  it('an unknown format stops the service naming the variable', () => {
    expect(() => loadConfig(CollectorConfig, { ...env, COLLECTOR_INPUTS: 'audit,syslog' })).toThrow(
      /COLLECTOR_INPUTS.*must list some of audit, otlp, agentgateway, docker/s,
    );
  });
});
