import type { z } from 'zod';

/**
 * "rules.0.minScore: Too big: expected number to be <=100; …": each failing field
 * by its path, for dead-letter reasons and error messages, so whoever reads it knows
 * what to fix. Long lists are cut at `limit` (a hostile message can fail thousands).
 */
export function describeZodIssues(
  error: z.ZodError,
  { limit = 5, separator = '; ' }: { limit?: number; separator?: string } = {},
): string {
  const shown = error.issues
    .slice(0, limit)
    .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);
  const more = error.issues.length - shown.length;
  return [...shown, ...(more > 0 ? [`(${more} more)`] : [])].join(separator);
}
