import type { IdentityEvent } from '@vigil/contracts';
import type { TokenRecord } from './identity-records';
import { findToken, tokensOfSession, tokensOfUser, type IdentityStore } from './identity-store';

/** The tokens whose judged uses an identity event can change: where a late event looks for verdicts to revisit. */
export function affectedTokens(store: IdentityStore, event: IdentityEvent): TokenRecord[] {
  switch (event.type) {
    case 'token.issued':
    case 'token.revoked': {
      const token = event.tokenId === undefined ? undefined : findToken(store, event.tokenId);
      return token ? [token] : [];
    }
    case 'session.ended':
      if (event.sessionId !== undefined) return tokensOfSession(store, event.sessionId);
      return event.userId === undefined
        ? []
        : tokensOfUser(store, event.userId).filter((t) => t.sessionId !== undefined);
    case 'user.disabled':
      return event.userId === undefined ? [] : tokensOfUser(store, event.userId);
    case 'delegation.granted':
    case 'delegation.revoked':
      return event.userId === undefined ? [] : tokensOfUser(store, event.userId, event.agentId);
  }
}
