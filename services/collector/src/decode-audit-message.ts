import { AuditEvent } from '@vigil/contracts';
import type { Decoded } from '@vigil/runtime';
import { parseJsonRecord } from './formats/json-object';

/** The contract's own format (`mcp.audit.v1`): bytes → an audit event, or the reason it is not one. Pure. */
export function decodeAuditMessage(value: Buffer | null): Decoded<AuditEvent> {
  return parseJsonRecord(AuditEvent, value, 'an audit event');
}
