import { describe, expect, it } from 'vitest';
import { sqlIdentifier, sqlString, sqlStringList } from './sql-literal';

describe('sqlString', () => {
  it('quotes a plain value', () => {
    expect(sqlString('agent-7')).toBe("'agent-7'");
  });

  it.each([
    ['a quote that would end the literal', "x' OR 1=1 --", "'x\\' OR 1=1 --'"],
    ['a backslash before a quote', "\\'", "'\\\\\\''"],
    ['a trailing backslash', 'x\\', "'x\\\\'"],
    ['a NUL byte', 'a\0b', "'a\\0b'"],
    ['newlines and tabs', 'a\nb\r\tc', "'a\\nb\\r\\tc'"],
  ])('escapes %s', (_name, input, literal) => {
    expect(sqlString(input)).toBe(literal);
  });

  it('leaves no unescaped quote inside the literal', () => {
    const hostile = "'; DROP TABLE vigil.anomalies; SELECT '\\''";
    const body = sqlString(hostile).slice(1, -1);
    expect(body.replace(/\\./g, '')).not.toContain("'");
  });

  it('refuses a value that is not a string', () => {
    expect(() => sqlString(42 as unknown as string)).toThrow(/expected a string/);
  });
});

describe('sqlStringList', () => {
  it('builds an IN list', () => {
    expect(sqlStringList(['a', "b'c"])).toBe("('a', 'b\\'c')");
  });

  it('refuses an empty list', () => {
    expect(() => sqlStringList([])).toThrow(/at least one/);
  });
});

describe('sqlIdentifier', () => {
  it('accepts a plain name and refuses anything else', () => {
    expect(sqlIdentifier('vigil_prod')).toBe('vigil_prod');
    expect(() => sqlIdentifier('vigil.x')).toThrow();
    expect(() => sqlIdentifier('a`b')).toThrow();
    expect(() => sqlIdentifier('')).toThrow();
  });
});
