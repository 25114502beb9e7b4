import type { z } from 'zod';
import { ResponseError, type ResponseErrorCode } from './errors';

/** "rules.0.minScore: Too big: expected number to be <=100; …" so an operator sees which field is wrong. */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}

/** Parses with a schema, or throws a coded ResponseError naming every wrong field. */
export function validate<S extends z.ZodType>(
  schema: S,
  value: unknown,
  code: ResponseErrorCode,
  what: string,
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new ResponseError(code, `invalid ${what}: ${describeIssues(parsed.error)}`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}
