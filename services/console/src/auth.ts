import { timingSafeEqual } from 'node:crypto';
import type { ConsoleUser } from './config';

/** The cookie the login form sets, so a browser sends the bearer token with every page. */
export const TOKEN_COOKIE = 'vigil_token';

/** The bearer token of a request: the Authorization header, else the login cookie. */
export function tokenOf(headers: {
  authorization?: string | undefined;
  cookie?: string | undefined;
}): string | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1];
  if (bearer) return bearer;
  for (const part of (headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/** The user a token belongs to; compared in constant time so a guess learns nothing from timing. */
export function userOf(
  users: readonly ConsoleUser[],
  token: string | undefined,
): ConsoleUser | undefined {
  if (!token) return undefined;
  const given = Buffer.from(token);
  return users.find((user) => {
    const known = Buffer.from(user.token);
    return known.length === given.length && timingSafeEqual(known, given);
  });
}
