import { mulberry32 } from '@vigil/streaming';
import { stableHash } from './stable-hash';

/** Hex of every byte value, so ids are built by lookup rather than number formatting. */
const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const HEX_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
/** Scratch buffer for `uuid`, dashes already in place. */
const UUID_CODES: number[] = Array.from('00000000-0000-0000-0000-000000000000', (c) =>
  c.charCodeAt(0),
);
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Seeded draws used by the generator; never Math.random, so a seed reproduces a stream. */
export class Random {
  private readonly word: () => number;

  constructor(private readonly seed: number) {
    this.word = mulberry32(seed);
  }

  /** Uniform in [0, 1). */
  private next(): number {
    return this.word() / 4294967296;
  }

  /** An independent stream for one purpose, so changing one part of the generator leaves the rest alone. */
  fork(label: string): Random {
    return new Random(stableHash(`${this.seed}:${label}`));
  }

  float(): number {
    return this.next();
  }

  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor((max - min + 1) * this.next());
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** Index drawn with probability proportional to its weight. */
  weightedIndex(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let target = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      target -= weights[i] ?? 0;
      if (target < 0) return i;
    }
    return weights.length - 1;
  }

  /** `count` distinct items, in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const pool = [...items];
    for (let i = pool.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [pool[i], pool[j]] = [pool[j] as T, pool[i] as T];
    }
    return pool.slice(0, count);
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** Log-normal around `median`, cut at `maxSigmas` because real servers cap page sizes. */
  logNormal(median: number, sigma: number, maxSigmas = 3.5): number {
    const z = Math.max(-maxSigmas, Math.min(maxSigmas, this.normal()));
    return median * Math.exp(sigma * z);
  }

  /** Poisson count (Knuth); the generator only asks for small means. */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let count = 0;
    let product = this.next();
    while (product > limit) {
      count++;
      product *= this.next();
    }
    return count;
  }

  base62(length: number): string {
    let text = '';
    for (let i = 0; i < length; i++) text += BASE62[Math.floor(this.next() * 62)];
    return text;
  }

  hex(length: number): string {
    let text = '';
    while (text.length < length) text += this.wordHex();
    return text.length === length ? text : text.slice(0, length);
  }

  /**
   * A UUID-shaped id (version 4 layout), as gateways and IdPs mint them. Built from character codes in
   * one go: concatenated pieces would leave a tree of string fragments behind every one of 250k ids.
   */
  uuid(): string {
    let position = 0;
    for (let w = 0; w < 4; w++) {
      let word = this.word();
      for (let k = 0; k < 8; k++) {
        if (position === 8 || position === 13 || position === 18 || position === 23) position++;
        UUID_CODES[position++] = HEX_CODES[word & 15] ?? 48;
        word >>>= 4;
      }
    }
    UUID_CODES[14] = 52; // '4': version
    UUID_CODES[19] = 97; // 'a': variant
    return String.fromCharCode.apply(null, UUID_CODES);
  }

  private wordHex(): string {
    const word = this.word();
    return (
      BYTE_HEX[word >>> 24]! +
      BYTE_HEX[(word >>> 16) & 0xff]! +
      BYTE_HEX[(word >>> 8) & 0xff]! +
      BYTE_HEX[word & 0xff]!
    );
  }
}
