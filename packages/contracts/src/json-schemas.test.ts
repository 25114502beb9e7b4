import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderJsonSchemas } from './json-schemas';

const schemasDir = join(import.meta.dirname, '../../../schemas');

describe('committed JSON Schemas', () => {
  for (const [file, text] of Object.entries(renderJsonSchemas())) {
    it(`schemas/${file} matches the zod schema (run \`npm run schemas\` if not)`, () => {
      expect(readFileSync(join(schemasDir, file), 'utf8')).toBe(text);
    });
  }
});
