import { readFileSync } from 'node:fs';

/** The recorded Okta System Log page under fixtures/, for tests (raw JSON values, as Okta sent them). */
export function loadOktaFixture(): Record<string, unknown>[] {
  const url = new URL('../../fixtures/okta-system-log.json', import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Record<string, unknown>[];
}

/** The fixture event with the given uuid suffix (the last four digits), as the JSON string a shipper would send. */
export function oktaMessage(suffix: string): string {
  const found = loadOktaFixture().find((e) => String(e.uuid).endsWith(suffix));
  if (!found) throw new Error(`no fixture event ending ${suffix}`);
  return JSON.stringify(found);
}
