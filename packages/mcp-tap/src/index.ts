export { tapServer, tapTransport, type TapOptions } from './tap-transport';
export {
  kafkaAuditSink,
  type AuditSink,
  type AuditSinkStats,
  type KafkaAuditSinkOptions,
} from './audit-sink';
export {
  RequestAudit,
  type CallerAuth,
  type RequestAuditOptions,
  type RpcMessage,
} from './request-audit';
export { toolDefinitionHash, tokenHash, type ToolDefinition } from './tool-definition-hash';
