import { MAX_AUDIT_MESSAGE_BYTES, describeZodIssues } from '@vigil/contracts';
import type { Decoded } from '@vigil/runtime';
import type { z } from 'zod';

/** Deeper JSON than this is refused: no record needs it, and deep nesting is a classic parser attack. */
export const MAX_JSON_DEPTH = 32;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The checks every input message passes first, whatever its format: present and at most 1 MiB. */
export function checkSize(value: Buffer | null): string | undefined {
  if (value === null || value.length === 0) return 'empty message';
  if (value.length > MAX_AUDIT_MESSAGE_BYTES) {
    return `message is ${value.length} bytes; the limit is ${MAX_AUDIT_MESSAGE_BYTES}`;
  }
  return undefined;
}

/** One Kafka message value → a JSON object, or the reason it is not one. Pure. */
export function parseJsonObject(value: Buffer | null): Decoded<Record<string, unknown>> {
  const tooBig = checkSize(value);
  if (tooBig !== undefined || value === null) return { ok: false, reason: tooBig ?? '' };
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
  return { ok: true, value: json as Record<string, unknown> };
}

/** A JSON object checked against a schema; `what` names the format in the reason. */
export function parseWith<S extends z.ZodType>(
  schema: S,
  json: unknown,
  what: string,
): Decoded<z.output<S>> {
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, reason: `not ${what}: ${describeZodIssues(parsed.error)}` };
}

/** One message → a JSON object that the format's schema accepts, or the reason it is not one. Pure. */
export function parseJsonRecord<S extends z.ZodType>(
  schema: S,
  value: Buffer | null,
  what: string,
): Decoded<z.output<S>> {
  const json = parseJsonObject(value);
  return json.ok ? parseWith(schema, json.value, what) : json;
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
