import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { kafkaAuditSink, tapServer } from '@vigil/mcp-tap';
import { Kafka, logLevel } from 'kafkajs';
import { createCrmServer } from './crm-mcp-server';

/** The CRM server over stdio, tapped: a child process an SDK client starts, as an IDE would. */
const brokers = (process.env.KAFKA_BROKERS ?? '').split(',');
const kafka = new Kafka({ clientId: 'crm-mcp-server', brokers, logLevel: logLevel.NOTHING });
const sink = kafkaAuditSink({
  producer: kafka.producer(),
  topic: process.env.VIGIL_TOPIC_AUDIT,
  lingerMs: 20,
});
const server = tapServer(createCrmServer(process.env.CRM_TOOL_DESCRIPTION ?? ''), { sink });
// However the client lets go (closing stdin, then SIGTERM), the buffered events are sent first.
const stop = () => void sink.close().finally(() => process.exit(0));
process.stdin.on('end', stop);
process.on('SIGTERM', stop);
await server.connect(new StdioServerTransport());
