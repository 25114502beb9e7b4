import type { Random } from '../random';
import { DAY_MS, HOUR_MS } from '../rhythm';
import { stableHash } from '../stable-hash';

/**
 * Identifier shapes of real MCP servers. Some are drawn fresh per call (commit SHAs, object keys,
 * message ids); some are derived by hash from what they name, so every agent looking at the same pod
 * or file sees the same id, and a new one appears only when the thing itself is new.
 */

/** The alphabet Kubernetes uses for generated name suffixes (no vowels, no look-alikes). */
const K8S_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const BASE36_UPPER = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Characters of `alphabet` derived from `seed`: the same seed always names the same thing. */
export function hashedChars(seed: string, length: number, alphabet = K8S_ALPHABET): string {
  let text = '';
  let word = stableHash(seed);
  for (let i = 0; i < length; i++) {
    if (i % 5 === 4) word = stableHash(`${seed}/${i}`);
    text += alphabet[word % alphabet.length];
    word = Math.floor(word / alphabet.length);
  }
  return text;
}

/** Which rollout of a deployment is live at `timeMs`: each deployment rolls out every 8-30 hours. */
export function rolloutAt(deployment: string, timeMs: number): number {
  const h = stableHash(deployment);
  const periodMs = (8 + (h % 23)) * HOUR_MS;
  return Math.floor((timeMs + (h % 1000) * 60_000) / periodMs);
}

/** `api-7f9c8d6b5` style: the ReplicaSet of a rollout (its pod-template hash). */
export function replicaSetName(deployment: string, rollout: number): string {
  return `${deployment}-${hashedChars(`${deployment}#${rollout}`, 9 + (rollout % 2))}`;
}

/** `api-7f9c8d6b5-x2kqp`: a pod of a rollout; pods of every rollout are new names. */
export function podName(deployment: string, rollout: number, replica: number): string {
  return `${replicaSetName(deployment, rollout)}-${hashedChars(`${deployment}#${rollout}#${replica}`, 5)}`;
}

/** A ULID: 48-bit millisecond time in Crockford base32, then 80 random bits. */
export function ulid(r: Random, timeMs: number): string {
  let time = '';
  let rest = Math.floor(timeMs);
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[rest % 32] + time;
    rest = Math.floor(rest / 32);
  }
  let random = '';
  for (let i = 0; i < 16; i++) random += CROCKFORD[r.int(0, 31)];
  return time + random;
}

/** Stripe-style object id: a type prefix and base62 (`cus_NffrFeUfNV2Hib`, `ch_3MmlLrLk…`). */
export function stripeId(r: Random, prefix: string, length = 24): string {
  return `${prefix}_${r.base62(length)}`;
}

/** PagerDuty-style incident id (`Q1ZUQ5OT0S6ZYX`). */
export function upperId(r: Random, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += BASE36_UPPER[r.int(0, 35)];
  return text;
}

/** `2026-03-05` of a time (UTC): date partitions in object keys and tables. */
export function isoDate(timeMs: number): string {
  return new Date(timeMs).toISOString().slice(0, 10);
}

/** Hour of day (UTC), two digits. */
export function isoHour(timeMs: number): string {
  return String(new Date(timeMs).getUTCHours()).padStart(2, '0');
}

/** Whole days since 2026-03-01: what grows every day (tickets, PR numbers, files) grows with it. */
export function dayNumber(timeMs: number): number {
  return Math.floor((timeMs - Date.UTC(2026, 2, 1)) / DAY_MS);
}

/**
 * A counter that keeps growing, like ticket or pull-request numbers: `base` plus `perDay` a day, and a
 * task looks at one of the newest `window` numbers (old tickets get closed, new ones opened).
 */
export function growingNumber(
  r: Random,
  timeMs: number,
  base: number,
  perDay: number,
  window: number,
): number {
  const newest = base + Math.floor(((timeMs - Date.UTC(2026, 2, 1)) / DAY_MS) * perDay);
  return newest - Math.floor(window * r.float() ** 2);
}

/** A heavy-tailed activity draw (Pareto, mean 1): a few agents make most of a fleet's calls. */
export function paretoRate(r: Random, alpha: number, cap: number): number {
  const scale = (alpha - 1) / alpha;
  return Math.min(cap, scale * (1 - r.float()) ** (-1 / alpha));
}
