import type { z } from 'zod';

/** "rules.0.minScore: Too big: expected number to be <=100; …" so an operator sees which field is wrong. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}
