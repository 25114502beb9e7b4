import { describe, expect, it } from 'vitest';
import { toRowBinary, type RowBinaryColumn } from './row-binary';

const hex = (buffer: Buffer) => buffer.toString('hex');
const one = (type: RowBinaryColumn['type'], value: unknown) =>
  toRowBinary([{ name: 'c', type }], [{ c: value as string }]);

describe('toRowBinary', () => {
  it('writes a string as its UTF-8 length (LEB128) and bytes', () => {
    expect(hex(one('String', ''))).toBe('00');
    expect(hex(one('String', 'a\tb'))).toBe('03610962');
    expect(hex(one('String', 'é'))).toBe('02c3a9');
    const long = 'x'.repeat(300);
    expect(hex(one('String', long))).toBe(`ac02${'78'.repeat(300)}`);
  });

  it('counts the bytes of a short string of multi-byte characters, not its UTF-16 units', () => {
    const text = '€'.repeat(42);
    const encoded = one('String', text);
    expect(encoded[0]).toBe(126);
    expect(encoded.subarray(1).toString('utf8')).toBe(text);
    expect(hex(one('String', 'ab€'))).toBe('056162e282ac');
    const longer = '€'.repeat(43);
    expect(hex(one('String', longer).subarray(0, 2))).toBe('8101');
  });

  it('writes DateTime text as UTC seconds in a UInt32', () => {
    expect(hex(one('DateTime', '1970-01-01 00:00:01'))).toBe('01000000');
    expect(one('DateTime', '2026-12-03 10:15:30').readUInt32LE(0)).toBe(
      Date.UTC(2026, 11, 3, 10, 15, 30) / 1000,
    );
    expect(one('DateTime', '2105-12-31 23:59:59').readUInt32LE(0)).toBe(4_291_747_199);
    expect(one('DateTime', '2024-02-29 23:59:59').readUInt32LE(0)).toBe(
      Date.UTC(2024, 1, 29, 23, 59, 59) / 1000,
    );
  });

  it('refuses DateTime text that is malformed, rolls over or is out of range', () => {
    for (const text of [
      '2026-12-03T10:15:30',
      '2026-12-03 10:15',
      '2025-02-29 00:00:00',
      '2026-04-31 00:00:00',
      '2026-12-03 24:00:00',
      '1969-12-31 23:59:59',
      '2106-01-01 00:00:00',
      '2026-1a-03 00:00:00',
    ]) {
      expect(() => one('DateTime', text), text).toThrow(/DateTime text/);
    }
  });

  it('writes integers little-endian in their width, a UInt64 also from decimal text', () => {
    expect(hex(one('UInt8', 1))).toBe('01');
    expect(hex(one('UInt32', 0x01020304))).toBe('04030201');
    expect(hex(one('UInt64', 2 ** 32 + 5))).toBe('0500000001000000');
    expect(hex(one('UInt64', '18446744073709551615'))).toBe('ffffffffffffffff');
    expect(hex(one('UInt64', '9007199254740993'))).toBe('0100000000002000');
  });

  it('refuses integers that do not fit or are not integers', () => {
    expect(() => one('UInt8', 256)).toThrow(/from 0 to 255/);
    expect(() => one('UInt32', -1)).toThrow(/UInt32|from 0/);
    expect(() => one('UInt32', 1.5)).toThrow(/integer/);
    expect(() => one('UInt64', '18446744073709551616')).toThrow(/UInt64/);
    expect(() => one('UInt64', '-1')).toThrow(/UInt64/);
    expect(() => one('UInt64', 2 ** 53)).toThrow(/UInt64/);
  });

  it('writes a Float64 as IEEE 754 little-endian and refuses what is not finite', () => {
    expect(hex(one('Float64', 1.5))).toBe('000000000000f83f');
    expect(() => one('Float64', Number.NaN)).toThrow(/finite number/);
    expect(() => one('Float64', '1.5')).toThrow(/finite number/);
  });

  it('writes an Array(String) as its length and each string', () => {
    expect(hex(one('Array(String)', []))).toBe('00');
    expect(hex(one('Array(String)', ['a', 'bc']))).toBe('020161026263');
    expect(() => one('Array(String)', 'a')).toThrow(/array of strings/);
    expect(() => one('Array(String)', [1])).toThrow(/a string/);
  });

  it('writes the rows in the order of the columns, naming the column of a bad value', () => {
    const columns: RowBinaryColumn[] = [
      { name: 'b', type: 'UInt8' },
      { name: 'a', type: 'String' },
    ];
    const rows = [
      { a: 'x', b: 1 },
      { b: 2, a: 'yz' },
    ];
    expect(hex(toRowBinary(columns, rows))).toBe('0101780202797a');
    expect(() => toRowBinary(columns, [{ a: 'x' }])).toThrow(/column b/);
  });

  it('grows past its first guess of the size', () => {
    const rows = Array.from({ length: 100 }, (_, i) => ({ s: 'y'.repeat(i * 10) }));
    const encoded = toRowBinary([{ name: 's', type: 'String' }], rows);
    const lengths = rows.reduce((sum, row) => sum + row.s.length + (row.s.length < 128 ? 1 : 2), 0);
    expect(encoded.length).toBe(lengths);
  });
});
