import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { ClickHouseClient } from '@clickhouse/client';
import { RuntimeError, sqlIdentifier, sqlString } from '@vigil/runtime';

/**
 * ClickHouse's RowBinary input for the column types Vigil's tables use, for
 * bench:inserts to compare with the stages' TabSeparated and JSONEachRow (it
 * measured no clearly cheaper: README). Every value is checked against its
 * column's type: RowBinary has no delimiters, so a wrong value would shift
 * every field after it.
 */
const ROW_BINARY_TYPES = [
  'String',
  'DateTime',
  'UInt8',
  'UInt32',
  'UInt64',
  'Float64',
  'Array(String)',
] as const;
export type RowBinaryType = (typeof ROW_BINARY_TYPES)[number];

export type RowBinaryValue = string | number | readonly string[];

export interface RowBinaryColumn {
  name: string;
  type: RowBinaryType;
}

function isRowBinaryType(type: string): type is RowBinaryType {
  return (ROW_BINARY_TYPES as readonly string[]).includes(type);
}

/** The rows' values in the order and types of `columns`. */
export function toRowBinary(
  columns: readonly RowBinaryColumn[],
  rows: ReadonlyArray<Readonly<Record<string, RowBinaryValue>>>,
): Buffer {
  const writer = new BinaryWriter(rows.length * columns.length * 16);
  for (const row of rows) {
    for (const { name, type } of columns) writer.value(type, row[name], name);
  }
  return writer.finish();
}

/** Inserts rows as RowBinary through `exec`, each value in its column's type as the server declares it. */
export async function insertRowBinary(
  client: ClickHouseClient,
  database: string,
  table: string,
  rows: ReadonlyArray<Readonly<Record<string, RowBinaryValue>>>,
): Promise<void> {
  const [first] = rows;
  if (!first) return;
  const result = await client.query({
    query: `SELECT name, type FROM system.columns WHERE database = ${sqlString(database)} AND table = ${sqlString(table)}`,
    format: 'JSONEachRow',
  });
  const types = new Map(
    (await result.json<{ name: string; type: string }>()).map((c) => [c.name, c.type]),
  );
  const columns = Object.keys(first).map((name): RowBinaryColumn => {
    const type = types.get(name);
    if (type === undefined || !isRowBinaryType(type)) {
      throw new RuntimeError('VIGIL_SQL_VALUE_INVALID', `${database}.${table}.${name}: ${type}`);
    }
    return { name, type };
  });
  const names = columns.map((column) => sqlIdentifier(column.name)).join(', ');
  const inserted = await client.exec({
    query: `INSERT INTO ${sqlIdentifier(database)}.${sqlIdentifier(table)} (${names}) FORMAT RowBinary`,
    values: Readable.from([toRowBinary(columns, rows)], { objectMode: false }),
  });
  // The answer is empty; reading it to its end hands the connection back.
  await finished(inserted.stream.resume());
}

const MAX_UINT64 = 18_446_744_073_709_551_615n;
const LAST_DATE_TIME_YEAR_END = Date.UTC(2106, 0, 1) / 1000;

class BinaryWriter {
  private buffer: Buffer;
  private at = 0;
  // Rows of a batch share their write time and often their event second: each text is parsed once.
  private lastDateTime = '';
  private lastSeconds = 0;

  constructor(size: number) {
    this.buffer = Buffer.allocUnsafe(Math.max(size, 256));
  }

  value(type: RowBinaryType, value: RowBinaryValue | undefined, column: string): void {
    switch (type) {
      case 'String':
        return this.string(expectString(value, column));
      case 'DateTime': {
        const text = expectString(value, column);
        if (text !== this.lastDateTime) {
          this.lastSeconds = dateTimeSeconds(text, column);
          this.lastDateTime = text;
        }
        return this.uint32(this.lastSeconds);
      }
      case 'UInt8':
        return this.uint8(expectInteger(value, column, 0xff));
      case 'UInt32':
        return this.uint32(expectInteger(value, column, 0xffff_ffff));
      case 'UInt64':
        return this.uint64(value, column);
      case 'Float64':
        return this.float64(expectNumber(value, column));
      case 'Array(String)': {
        if (!Array.isArray(value)) throw invalid(column, 'an array of strings', value);
        this.varUInt(value.length);
        for (const item of value as readonly unknown[]) this.string(expectString(item, column));
        return;
      }
    }
  }

  finish(): Buffer {
    return this.buffer.subarray(0, this.at);
  }

  private reserve(bytes: number): void {
    if (this.at + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.at + bytes));
    this.buffer.copy(grown, 0, 0, this.at);
    this.buffer = grown;
  }

  private varUInt(value: number): void {
    this.reserve(5);
    let rest = value;
    while (rest >= 0x80) {
      this.buffer[this.at++] = (rest & 0x7f) | 0x80;
      rest >>>= 7;
    }
    this.buffer[this.at++] = rest;
  }

  private string(value: string): void {
    const length = value.length;
    // Short ASCII (ids, names, times) is copied by hand: cheaper than a native call per field.
    if (length < 128) {
      this.reserve(1 + length * 3);
      const buffer = this.buffer;
      const start = this.at + 1;
      let i = 0;
      for (; i < length; i++) {
        const code = value.charCodeAt(i);
        if (code >= 0x80) break;
        buffer[start + i] = code;
      }
      if (i === length) {
        buffer[this.at] = length;
        this.at = start + length;
        return;
      }
    }
    const bytes = Buffer.byteLength(value, 'utf8');
    this.varUInt(bytes);
    this.reserve(bytes);
    this.at += this.buffer.write(value, this.at, 'utf8');
  }

  private uint8(value: number): void {
    this.reserve(1);
    this.buffer[this.at++] = value;
  }

  private uint32(value: number): void {
    this.reserve(4);
    this.at = this.buffer.writeUInt32LE(value, this.at);
  }

  private uint64(value: RowBinaryValue | undefined, column: string): void {
    this.reserve(8);
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) {
      this.buffer.writeUInt32LE(value % 0x1_0000_0000, this.at);
      this.buffer.writeUInt32LE(Math.floor(value / 0x1_0000_0000), this.at + 4);
      this.at += 8;
      return;
    }
    // Kafka offsets arrive as decimal text, and may pass 2^53.
    if (typeof value === 'string' && /^\d{1,20}$/.test(value)) {
      const big = BigInt(value);
      if (big <= MAX_UINT64) {
        this.at = this.buffer.writeBigUInt64LE(big, this.at);
        return;
      }
    }
    throw invalid(column, 'a UInt64 (a safe integer or decimal text)', value);
  }

  private float64(value: number): void {
    this.reserve(8);
    this.at = this.buffer.writeDoubleLE(value, this.at);
  }
}

/** Seconds since the epoch of ClickHouse DateTime text ('YYYY-MM-DD hh:mm:ss', UTC). */
function dateTimeSeconds(text: string, column: string): number {
  const year = digits(text, 0, 4);
  const [month, day, hour, minute, second] = [5, 8, 11, 14, 17].map((at) =>
    digits(text, at, 2),
  ) as [number, number, number, number, number];
  const shaped =
    text.length === 19 &&
    text[4] === '-' &&
    text[7] === '-' &&
    text[10] === ' ' &&
    text[13] === ':' &&
    text[16] === ':';
  // A day past its month's end (02-30) is refused, not rolled over into the next month.
  const valid =
    shaped &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59;
  const seconds = valid ? Date.UTC(year, month - 1, day, hour, minute, second) / 1000 : Number.NaN;
  // DateTime is a UInt32, up to 2106-02-07, but 18.16's date table shows that last month as 1970.
  if (!(seconds >= 0 && seconds < LAST_DATE_TIME_YEAR_END)) {
    throw invalid(column, "DateTime text 'YYYY-MM-DD hh:mm:ss' from 1970 to 2105", text);
  }
  return seconds;
}

/** The decimal number in `length` characters from `at`; NaN if any is not a digit. */
function digits(text: string, at: number, length: number): number {
  let value = 0;
  for (let i = at; i < at + length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (!(digit >= 0 && digit <= 9)) return Number.NaN;
    value = value * 10 + digit;
  }
  return value;
}

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}

function expectString(value: unknown, column: string): string {
  if (typeof value !== 'string') throw invalid(column, 'a string', value);
  return value;
}

function expectNumber(value: unknown, column: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw invalid(column, 'a finite number', value);
  return value;
}

function expectInteger(value: unknown, column: string, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    throw invalid(column, `an integer from 0 to ${max}`, value);
  }
  return value;
}

function invalid(column: string, expected: string, value: unknown): RuntimeError {
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 80)) : String(value);
  return new RuntimeError(
    'VIGIL_SQL_VALUE_INVALID',
    `column ${column}: RowBinary needs ${expected}, got ${shown}`,
  );
}
