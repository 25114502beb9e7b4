/**
 * The shape of a resource URI: the URI with its ids generalized, so that
 * `ticket://T-48213` and `ticket://T-10007` share the shape `ticket://T-{n}`
 * while `secrets://vault/db` or a new path layout is a new shape.
 *
 * Segments (between `/` and `:`) are generalized as follows: a UUID becomes
 * `{uuid}`; a hex string of 8+ characters with a digit and a letter becomes `{hex}`; a long
 * token (12+ characters) mixing letters and digits becomes `{id}`; otherwise
 * each run of digits becomes `{n}`. The query and fragment are dropped and the
 * scheme is lower-cased. No regular expressions: this runs once per new URI.
 */
export function uriShape(uri: string): string {
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
  let shape = bodyStart > 0 ? uri.slice(0, schemeEnd).toLowerCase() + '://' : '';
  let segmentStart = bodyStart;
  for (let i = bodyStart; i <= end; i++) {
    const c = i < end ? uri.charCodeAt(i) : 47;
    if (c === 47 /* / */ || c === 58 /* : */) {
      shape += generalizeSegment(uri.slice(segmentStart, i));
      if (i < end) shape += uri[i];
      segmentStart = i + 1;
    }
  }
  return shape;
}

function generalizeSegment(segment: string): string {
  if (segment.length === 0) return segment;
  let digits = 0;
  let letters = 0;
  let hex = 0;
  for (let i = 0; i < segment.length; i++) {
    const c = segment.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) {
      letters++;
      if ((c >= 65 && c <= 70) || (c >= 97 && c <= 102)) hex++;
    }
  }
  if (digits === 0) return segment;
  if (isUuid(segment)) return '{uuid}';
  if (segment.length >= 8 && hex > 0 && digits + hex === segment.length) return '{hex}';
  if (segment.length >= 12 && letters > 0) return '{id}';
  return replaceDigitRuns(segment);
}

function isUuid(segment: string): boolean {
  if (segment.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = segment.charCodeAt(i);
    const dash = i === 8 || i === 13 || i === 18 || i === 23;
    const isHex = (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
    if (dash ? c !== 45 : !isHex) return false;
  }
  return true;
}

function replaceDigitRuns(segment: string): string {
  let out = '';
  let inRun = false;
  for (let i = 0; i < segment.length; i++) {
    const c = segment.charCodeAt(i);
    const digit = c >= 48 && c <= 57;
    if (digit && !inRun) out += '{n}';
    else if (!digit) out += segment[i];
    inRun = digit;
  }
  return out;
}

/**
 * Memoized `uriShape`, with each distinct shape interned as a small integer:
 * id-bearing URIs repeat a lot (the same ticket read many times), and callers
 * can compare shape ids instead of strings. The URI memo is emptied when
 * full, which keeps memory bounded and results unchanged; shape ids are kept
 * (there are as many as distinct shapes, which callers keep anyway).
 */
export class UriShapeCache {
  private readonly idsByUri = new Map<string, number>();
  private readonly idsByShape = new Map<string, number>();
  private readonly shapes: string[] = [];

  constructor(readonly capacity = 100_000) {}

  shapeOf(uri: string): string {
    return this.shape(this.shapeIdOf(uri));
  }

  /** The interned id of the shape of `uri`. */
  shapeIdOf(uri: string): number {
    let id = this.idsByUri.get(uri);
    if (id === undefined) {
      id = this.intern(uriShape(uri));
      if (this.idsByUri.size >= this.capacity) this.idsByUri.clear();
      this.idsByUri.set(uri, id);
    }
    return id;
  }

  /** The shape with interned id `id`. */
  shape(id: number): string {
    return this.shapes[id] as string;
  }

  private intern(shape: string): number {
    let id = this.idsByShape.get(shape);
    if (id === undefined) {
      id = this.shapes.length;
      this.shapes.push(shape);
      this.idsByShape.set(shape, id);
    }
    return id;
  }
}
