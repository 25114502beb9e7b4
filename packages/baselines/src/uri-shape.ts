/**
 * The shape of a resource URI: the URI with its ids generalized, so that
 * `ticket://T-48213` and `ticket://T-10007` share the shape `ticket://T-{n}`
 * while `secrets://vault/db` or a new path layout is a new shape.
 *
 * Segments (between `/` and `:`) are generalized as follows: a UUID becomes
 * `{uuid}`; a hex string of 8+ characters with a digit and a letter becomes `{hex}`; a long
 * token (12+ characters) mixing letters and digits becomes `{id}`; an e-mail
 * address (`name@host.tld`) becomes `{email}`; otherwise, token by token
 * (between `-`, `_`, `.`, `~`, `=`), a generated-looking token (see
 * isRandomToken) becomes `{id}` and each run of digits `{n}`. What no rule
 * can tell is learned from the traffic (ResourceTree). The query and fragment
 * are dropped and the scheme is lower-cased. No regular expressions.
 */
export function uriShape(uri: string): string {
  const text = new ShapeText();
  writeShape(uri, text);
  return text.value;
}

/**
 * A 52-bit fingerprint of `uriShape(uri)`, computed from the URI's characters
 * without building any string: the per-event way to know a URI's shape.
 */
export function uriShapeFingerprint(uri: string): number {
  const hash = SHAPE_HASH;
  hash.reset();
  writeShape(uri, hash);
  if (hash.exact) return hash.value();
  // A scheme outside ASCII: lower-cased the Unicode way, through the string.
  hash.reset();
  hash.chars(uriShape(uri), 0, Number.MAX_SAFE_INTEGER);
  return hash.value();
}

/** Where a shape is written, piece by piece: a string, or a fingerprint of that string. */
interface ShapeOutput {
  /** The scheme, lower-cased. */
  scheme(uri: string, from: number, to: number): void;
  chars(text: string, from: number, to: number): void;
}

const KEEP = 0;
const UUID = 1;
const HEX = 2;
const LONG_ID = 3;
const TOKENS = 4;
const EMAIL = 5;

function writeShape(uri: string, out: ShapeOutput): void {
  let end = uri.length;
  for (let i = 0; i < uri.length; i++) {
    const c = uri.charCodeAt(i);
    if (c === 63 /* ? */ || c === 35 /* # */) {
      end = i;
      break;
    }
  }
  const schemeEnd = uri.indexOf('://');
  const bodyStart = schemeEnd > 0 && schemeEnd < end ? schemeEnd + 3 : 0;
  if (bodyStart > 0) {
    out.scheme(uri, 0, schemeEnd);
    out.chars(uri, schemeEnd, bodyStart);
  }
  let segmentStart = bodyStart;
  for (let i = bodyStart; i <= end; i++) {
    const c = i < end ? uri.charCodeAt(i) : 47;
    if (c === 47 /* / */ || c === 58 /* : */) {
      writeSegment(uri, segmentStart, i, out);
      if (i < end) out.chars(uri, i, i + 1);
      segmentStart = i + 1;
    }
  }
}

function writeSegment(uri: string, from: number, to: number, out: ShapeOutput): void {
  switch (segmentKind(uri, from, to)) {
    case KEEP:
      return out.chars(uri, from, to);
    case UUID:
      return out.chars('{uuid}', 0, 6);
    case HEX:
      return out.chars('{hex}', 0, 5);
    case LONG_ID:
      return out.chars('{id}', 0, 4);
    case EMAIL:
      return out.chars('{email}', 0, 7);
    default: {
      // Most segments hold no generated token: written in one piece, as before.
      if (!hasRandomToken(uri, from, to)) return writeDigitRuns(uri, from, to, out);
      // Token by token (between - _ . ~ =): a random-looking token becomes {id}, each run of digits {n}.
      let tokenStart = from;
      for (let i = from; i <= to; i++) {
        if (i < to && !isTokenSeparator(uri.charCodeAt(i))) continue;
        if (isRandomToken(uri, tokenStart, i)) out.chars('{id}', 0, 4);
        else writeDigitRuns(uri, tokenStart, i, out);
        if (i < to) out.chars(uri, i, i + 1);
        tokenStart = i + 1;
      }
    }
  }
}

function writeDigitRuns(uri: string, from: number, to: number, out: ShapeOutput): void {
  let runStart = from;
  for (let i = from; i <= to; i++) {
    const digit = i < to && isDigit(uri.charCodeAt(i));
    if (digit || i === to) {
      if (i > runStart) out.chars(uri, runStart, i);
      if (digit) {
        out.chars('{n}', 0, 3);
        while (i + 1 < to && isDigit(uri.charCodeAt(i + 1))) i++;
      }
      runStart = i + 1;
    }
  }
}

function hasRandomToken(uri: string, from: number, to: number): boolean {
  let tokenStart = from;
  for (let i = from; i <= to; i++) {
    if (i < to && !isTokenSeparator(uri.charCodeAt(i))) continue;
    if (isRandomToken(uri, tokenStart, i)) return true;
    tokenStart = i + 1;
  }
  return false;
}

function isTokenSeparator(c: number): boolean {
  return (
    c === 45 /* - */ || c === 95 /* _ */ || c === 46 /* . */ || c === 126 /* ~ */ || c === 61
  ); /* = */
}

/**
 * Generated ids inside a name: Kubernetes pod and ReplicaSet suffixes
 * (`ctjrr`, `x2kqp`: its alphabet has no vowels, so that no word is ever
 * spelt), hashes mixing letters and digits, and base62 keys whose case
 * flips at random (`NEgMJctYYOhGDMKWE`). Words, versions (`v1beta1`,
 * `sha256`) and camel-case names keep their letters.
 */
function isRandomToken(uri: string, from: number, to: number): boolean {
  const length = to - from;
  if (length < 5) return false;
  let letters = 0;
  let vowels = 0;
  let digits = 0;
  let rises = 0;
  let upperPairs = 0;
  let previous = 0;
  for (let i = from; i < to; i++) {
    const c = uri.charCodeAt(i);
    const upper = c >= 65 && c <= 90;
    const lower = c >= 97 && c <= 122;
    if (isDigit(c)) digits++;
    else if (!upper && !lower) return false;
    else {
      letters++;
      if (VOWELS.has(c | 32)) {
        // A word, unless it is long enough to be a base62 key.
        if (length < 10 || digits > 0) return false;
        vowels++;
      }
      const previousUpper = previous >= 65 && previous <= 90;
      if (upper && previous >= 97 && previous <= 122) rises++;
      if (upper && previousUpper) upperPairs++;
    }
    previous = c;
  }
  if (letters === 0) return false;
  if (vowels === 0) return true;
  return length >= 10 && digits === 0 && rises >= 2 && upperPairs >= 2;
}

/** a e i o u y, lower case. */
const VOWELS = new Set([97, 101, 105, 111, 117, 121]);

function segmentKind(uri: string, from: number, to: number): number {
  const length = to - from;
  if (length === 0) return KEEP;
  let digits = 0;
  let letters = 0;
  let hex = 0;
  let at = -1;
  let dotAfterAt = false;
  for (let i = from; i < to; i++) {
    const c = uri.charCodeAt(i);
    if (c === 64 /* @ */) at = i;
    else if (c === 46 /* . */ && at >= 0) dotAfterAt = true;
    if (isDigit(c)) digits++;
    else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) {
      letters++;
      if ((c >= 65 && c <= 70) || (c >= 97 && c <= 102)) hex++;
    }
  }
  if (at > from && dotAfterAt) return EMAIL;
  if (digits === 0) return TOKENS;
  if (isUuid(uri, from, to)) return UUID;
  if (length >= 8 && hex > 0 && digits + hex === length) return HEX;
  if (length >= 12 && letters > 0) return LONG_ID;
  return TOKENS;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isUuid(uri: string, from: number, to: number): boolean {
  if (to - from !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = uri.charCodeAt(from + i);
    const dash = i === 8 || i === 13 || i === 18 || i === 23;
    const isHex = isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
    if (dash ? c !== 45 : !isHex) return false;
  }
  return true;
}

class ShapeText implements ShapeOutput {
  value = '';

  scheme(uri: string, from: number, to: number): void {
    this.value += uri.slice(from, to).toLowerCase();
  }

  chars(text: string, from: number, to: number): void {
    this.value += text.slice(from, to);
  }
}

/** Two 32-bit FNV-style lanes over the shape's characters, as SeenIds hashes ids. */
class ShapeHash implements ShapeOutput {
  /** The lanes, low then high: a typed array holds them unboxed between calls. */
  private readonly lanes = new Int32Array(2);
  /** False when a scheme character is outside ASCII (lower-casing it here could differ). */
  exact = true;

  reset(): void {
    this.lanes[0] = 0x811c9dc5;
    this.lanes[1] = 0x9747b28c;
    this.exact = true;
  }

  scheme(uri: string, from: number, to: number): void {
    for (let i = from; i < to; i++) if (uri.charCodeAt(i) >= 128) this.exact = false;
    this.mix(uri, from, to, true);
  }

  chars(text: string, from: number, to: number): void {
    this.mix(text, from, Math.min(to, text.length), false);
  }

  value(): number {
    return (
      ((this.lanes[0] as number) >>> 0) * 0x100000 + (((this.lanes[1] as number) >>> 12) & 0xfffff)
    );
  }

  private mix(text: string, from: number, to: number, lowerCase: boolean): void {
    let low = this.lanes[0] as number;
    let high = this.lanes[1] as number;
    for (let i = from; i < to; i++) {
      let c = text.charCodeAt(i);
      if (lowerCase && c >= 65 && c <= 90) c += 32;
      low = Math.imul(low ^ c, 0x01000193);
      high = Math.imul(high ^ c, 0x5bd1e995);
      high ^= high >>> 13;
    }
    this.lanes[0] = low;
    this.lanes[1] = high;
  }
}

const SHAPE_HASH = new ShapeHash();
