import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { describeZodIssues } from './describe-zod-issues';

const issuesOf = (schema: z.ZodType, value: unknown) => {
  const parsed = schema.safeParse(value);
  if (parsed.success) throw new Error('expected a failure');
  return parsed.error;
};

describe('describeZodIssues', () => {
  it('names each failing field by its path, and the root when the value itself is wrong', () => {
    const schema = z.object({ rules: z.array(z.object({ minScore: z.number().max(100) })) });
    expect(describeZodIssues(issuesOf(schema, { rules: [{ minScore: 101 }] }))).toMatch(
      /^rules\.0\.minScore: .*100/,
    );
    expect(describeZodIssues(issuesOf(schema, 7))).toMatch(/^\(root\): /);
  });

  it('cuts a long list and says how many it left out', () => {
    const error = issuesOf(z.array(z.string()), [1, 2, 3, 4]);
    expect(describeZodIssues(error, { limit: 2, separator: ' | ' })).toMatch(
      /^0: .* \| 1: .* \| \(2 more\)$/,
    );
  });
});
