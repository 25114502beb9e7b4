import { RuntimeError } from '../errors';

/**
 * ClickHouse's TabSeparated input: cheaper to write than JSONEachRow (no key
 * names, no quoting) and cheaper for the server to parse, which matters where
 * Vigil and ClickHouse share the cores. A field ends at a tab and a row at a
 * newline, so those, the backslash that starts an escape, and the control
 * characters ClickHouse (18.16 and later) reads back are escaped.
 */
const ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
  '\0': '\\0',
  '\b': '\\b',
  '\f': '\\f',
};
const NEEDS_ESCAPE = /[\\\t\n\r\0\b\f]/;
const NEEDS_ESCAPE_ALL = /[\\\t\n\r\0\b\f]/g;

export type TabSeparatedValue = string | number;

/** One field: a string escaped, a finite number as JavaScript writes it (ClickHouse reads `1e+21` too). */
export function tabSeparatedField(value: TabSeparatedValue): string {
  if (typeof value === 'string') {
    return NEEDS_ESCAPE.test(value)
      ? value.replace(NEEDS_ESCAPE_ALL, (char) => ESCAPES[char] ?? char)
      : value;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new RuntimeError(
    'VIGIL_SQL_VALUE_INVALID',
    `a TabSeparated field must be a string or a finite number, got ${String(value)}`,
  );
}

/** The rows' values in the order of `columns`, one line each. */
export function toTabSeparated(
  columns: readonly string[],
  rows: ReadonlyArray<Record<string, TabSeparatedValue>>,
): string {
  let text = '';
  for (const row of rows) {
    let line = '';
    for (let i = 0; i < columns.length; i++) {
      if (i > 0) line += '\t';
      line += tabSeparatedField(row[columns[i] as string] as TabSeparatedValue);
    }
    text += `${line}\n`;
  }
  return text;
}
