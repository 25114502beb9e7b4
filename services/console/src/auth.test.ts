import { describe, expect, it } from 'vitest';
import { tokenOf, userOf } from './auth';

const users = [
  { token: 'op-token-0123456789abcdef', name: 'ana', role: 'operator' as const },
  { token: 'ro-token-0123456789abcdef', name: 'rui', role: 'read-only' as const },
];

describe('console access', () => {
  it('a bearer header names the user, and so does the login cookie', () => {
    expect(
      userOf(users, tokenOf({ authorization: 'Bearer op-token-0123456789abcdef' }))?.name,
    ).toBe('ana');
    const cookie = 'theme=dark; vigil_token=ro-token-0123456789abcdef';
    expect(userOf(users, tokenOf({ cookie }))?.role).toBe('read-only');
  });

  it('no token, an unknown token or a prefix of a real one is nobody', () => {
    expect(userOf(users, tokenOf({}))).toBeUndefined();
    expect(userOf(users, 'op-token-0123456789abcdeX')).toBeUndefined();
    expect(userOf(users, 'op-token')).toBeUndefined();
    expect(userOf(users, tokenOf({ authorization: 'Basic b3A6dG9rZW4=' }))).toBeUndefined();
  });
});
