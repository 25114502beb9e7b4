import { createHmac, timingSafeEqual } from 'node:crypto';

/** Five minutes either side: enough for clock skew, short enough to make a captured request useless. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

function hmacHex(secret: string, unixSeconds: number, body: string): string {
  return createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
}

/** `t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">`: the `Vigil-Signature` header value. */
export function signPayload(body: string, secret: string, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${hmacHex(secret, unixSeconds, body)}`;
}

export type VerifyResult =
  { ok: true } | { ok: false; reason: 'malformed' | 'expired' | 'mismatch' };

function parseHeader(header: string): { t: number; v1: string[] } | undefined {
  let t: number | undefined;
  const v1: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return undefined;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (!/^\d{1,12}$/.test(value)) return undefined;
      t = Number(value);
    } else if (key === 'v1') {
      if (!/^[0-9a-f]{64}$/i.test(value)) return undefined;
      v1.push(value.toLowerCase());
    }
    // Unknown schemes (a future v2) are ignored so senders can add them without breaking receivers.
  }
  return t === undefined || v1.length === 0 ? undefined : { t, v1 };
}

/**
 * Checks a `Vigil-Signature` header against the exact body received. Several secrets
 * are tried so a secret can be rotated without a window of rejected alerts; several
 * `v1` entries let a sender sign with old and new secret at once.
 */
export function verifySignature(input: {
  body: string;
  header: string | undefined;
  secrets: string[];
  nowSeconds: number;
  toleranceSeconds?: number;
}): VerifyResult {
  const parsed = input.header === undefined ? undefined : parseHeader(input.header);
  if (parsed === undefined) return { ok: false, reason: 'malformed' };
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (Math.abs(input.nowSeconds - parsed.t) > tolerance) return { ok: false, reason: 'expired' };

  for (const secret of input.secrets) {
    const expected = Buffer.from(hmacHex(secret, parsed.t, input.body), 'hex');
    for (const candidate of parsed.v1) {
      if (timingSafeEqual(expected, Buffer.from(candidate, 'hex'))) return { ok: true };
    }
  }
  return { ok: false, reason: 'mismatch' };
}
