import { RuntimeError } from '../errors';

/**
 * The one way an outside value enters Vigil's SQL. ClickHouse 18.16 has no
 * query parameters, so values are written as literals: strings quoted with
 * every character that could end or bend the literal escaped.
 */
const ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '\0': '\\0',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

const NEEDS_ESCAPE = /[\\'\0\n\r\t\b\f]/g;

export function sqlString(value: string): string {
  if (typeof value !== 'string') {
    throw new RuntimeError('VIGIL_SQL_VALUE_INVALID', `expected a string, got ${typeof value}`);
  }
  return `'${value.replace(NEEDS_ESCAPE, (char) => ESCAPES[char] ?? char)}'`;
}

/** `('a', 'b')` for an IN clause; an empty list would be a syntax error, so it is refused. */
export function sqlStringList(values: readonly string[]): string {
  if (values.length === 0) {
    throw new RuntimeError('VIGIL_SQL_VALUE_INVALID', 'an IN list needs at least one value');
  }
  return `(${values.map(sqlString).join(', ')})`;
}

/** A plain identifier (database or table name); anything else is refused rather than quoted. */
export function sqlIdentifier(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new RuntimeError(
      'VIGIL_SQL_VALUE_INVALID',
      `not a plain identifier: ${JSON.stringify(name)}`,
    );
  }
  return name;
}
