import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderJsonSchemas } from '../src/json-schemas';

const target = join(import.meta.dirname, '../../../schemas');
for (const [file, text] of Object.entries(renderJsonSchemas())) {
  writeFileSync(join(target, file), text);
  console.log(`wrote schemas/${file}`);
}
