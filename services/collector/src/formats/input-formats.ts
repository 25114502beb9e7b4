import type { Decoded } from '@vigil/runtime';
import { decodeAuditMessage } from '../decode-audit-message';
import { decodeAgentgatewayRecord } from './agentgateway';
import { decodeDockerAuditEvent } from './docker-mcp-gateway';
import { decodeOtlpMessage } from './otlp';
import type { FormatDecoder, Records } from './records';

/** The formats the collector reads; each has a topic of its own. */
export const INPUT_FORMATS = ['audit', 'otlp', 'agentgateway', 'docker'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];

const decodeContractEvent: FormatDecoder = (value) => {
  const decoded = decodeAuditMessage(value);
  return decoded.ok ? { ok: true, value: { events: [decoded.value], skipped: [] } } : decoded;
};

const DECODERS: Record<InputFormat, FormatDecoder> = {
  audit: decodeContractEvent,
  otlp: decodeOtlpMessage,
  agentgateway: decodeAgentgatewayRecord,
  docker: decodeDockerAuditEvent,
};

export interface InputTopics {
  COLLECTOR_INPUTS: InputFormat[];
  VIGIL_TOPIC_AUDIT: string;
  VIGIL_TOPIC_OTLP: string;
  VIGIL_TOPIC_AGENTGATEWAY: string;
  VIGIL_TOPIC_DOCKER_GATEWAY: string;
}

/** The topic of each enabled format, from the validated config. */
export function inputTopics(config: InputTopics): Map<string, InputFormat> {
  const topicOf: Record<InputFormat, string> = {
    audit: config.VIGIL_TOPIC_AUDIT,
    otlp: config.VIGIL_TOPIC_OTLP,
    agentgateway: config.VIGIL_TOPIC_AGENTGATEWAY,
    docker: config.VIGIL_TOPIC_DOCKER_GATEWAY,
  };
  return new Map(config.COLLECTOR_INPUTS.map((format) => [topicOf[format], format]));
}

/** One message of a topic → its records, by the format read from that topic. Pure. */
export function decodeInput(
  topics: Map<string, InputFormat>,
  topic: string,
  value: Buffer | null,
): Decoded<Records> {
  const format = topics.get(topic);
  if (format === undefined) return { ok: false, reason: `no input format reads topic ${topic}` };
  return DECODERS[format](value);
}
