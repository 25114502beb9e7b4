import { describeZodIssues } from '@vigil/contracts';
import type { z } from 'zod';
import { ResponseError, type ResponseErrorCode } from './errors';

/** Parses with a schema, or throws a coded ResponseError naming every wrong field. */
export function validate<S extends z.ZodType>(
  schema: S,
  value: unknown,
  code: ResponseErrorCode,
  what: string,
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const fields = describeZodIssues(parsed.error, { limit: Infinity });
    throw new ResponseError(code, `invalid ${what}: ${fields}`, { cause: parsed.error });
  }
  return parsed.data;
}
