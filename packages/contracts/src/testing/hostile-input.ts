import fc from 'fast-check';

/** JSON a hostile or broken producer may write: deep nesting, odd keys, huge and unsafe numbers. */
const hostileJson = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.string({ unit: 'binary' }),
    fc.constantFrom('__proto__', 'constructor', 'prototype', '\u0000', '\ud800', '\u202e'),
    fc.double(),
    fc.bigInt().map((n) => n * 2n ** 60n),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(fc.string(), fc.constantFrom('__proto__', 'eventId', 'agentId', 'resourceSpans')),
      tie('value'),
      { maxKeys: 5 },
    ),
  ),
})).value;

const render = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${v}` : v)) ?? 'null';

/**
 * The bytes a topic may carry, for fuzzing every decoder of outside input: random bytes, hostile
 * JSON, a document nested far too deep, or no value at all.
 */
export const hostileMessage = fc.oneof(
  fc.uint8Array({ maxLength: 2_000 }).map((bytes) => Buffer.from(bytes)),
  hostileJson.map((value) => Buffer.from(render(value))),
  fc
    .integer({ min: 1, max: 20_000 })
    .map((depth) => Buffer.from(`${'['.repeat(depth)}${']'.repeat(depth)}`)),
  fc.constant(null),
);

/** Fixed, so a failure found in CI is found again on any machine. */
export const FUZZ_RUNS = { seed: 20261203, numRuns: 2_000 };
