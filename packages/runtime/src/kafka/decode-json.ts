import { describeZodIssues } from '@vigil/contracts';
import type { z } from 'zod';
import type { Decoded } from '../stage/stage';

/** JSON bytes → a value of `schema`, or a reason naming the first fields that are wrong. */
export function decodeJson<S extends z.ZodType>(
  schema: S,
  value: Buffer | null,
): Decoded<z.output<S>> {
  if (value === null || value.length === 0) return { ok: false, reason: 'empty message' };
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch (error) {
    return { ok: false, reason: `not valid JSON: ${(error as Error).message}` };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, reason: `does not match the schema: ${describeZodIssues(parsed.error)}` };
}
