import { AuditEvent, MAX_AUDIT_MESSAGE_BYTES } from '@vigil/contracts';
import type { Decoded } from '@vigil/runtime';

/** Deeper JSON than this is refused: no audit event needs it, and deep nesting is a classic parser attack. */
export const MAX_JSON_DEPTH = 32;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** One Kafka message value → an audit event, or the reason it is not one. Pure. */
export function decodeAuditMessage(value: Buffer | null): Decoded<AuditEvent> {
  if (value === null || value.length === 0) return { ok: false, reason: 'empty message' };
  if (value.length > MAX_AUDIT_MESSAGE_BYTES) {
    return {
      ok: false,
      reason: `message is ${value.length} bytes; the limit is ${MAX_AUDIT_MESSAGE_BYTES}`,
    };
  }
  let text: string;
  try {
    text = utf8.decode(value);
  } catch {
    return { ok: false, reason: 'not valid UTF-8' };
  }
  const depth = jsonDepth(text);
  if (depth > MAX_JSON_DEPTH) {
    return {
      ok: false,
      reason: `JSON nested ${depth} levels deep; the limit is ${MAX_JSON_DEPTH}`,
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `not valid JSON: ${(error as Error).message}` };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return {
      ok: false,
      reason: `not a JSON object but ${Array.isArray(json) ? 'an array' : typeof json}`,
    };
  }
  const parsed = AuditEvent.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, reason: describeIssues(parsed.error.issues) };
}

function describeIssues(issues: { path: PropertyKey[]; message: string }[]): string {
  const parts = issues.slice(0, 5).map((issue) => {
    const field = issue.path.map(String).join('.') || '(event)';
    return `${field}: ${issue.message}`;
  });
  return `not an audit event: ${parts.join('; ')}`;
}

/** Deepest bracket nesting outside strings; linear, so it is safe on hostile input. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 92)
        i++; // backslash: skip the escaped character
      else if (char === 34) inString = false;
    } else if (char === 34) inString = true;
    else if (char === 123 || char === 91) deepest = Math.max(deepest, ++depth);
    else if (char === 125 || char === 93) depth--;
  }
  return deepest;
}
