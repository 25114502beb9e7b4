import { toEpochMs, type AuditEvent, type Enrichment, type IdentityEvent } from '@vigil/contracts';
import { affectedTokens } from './affected-tokens';
import { applyIdentityEvent } from './apply-identity-event';
import type { RecordedUse, TokenRecord } from './identity-records';
import { parseIdentityStateConfig, type IdentityStateConfigInput } from './identity-state-config';
import { createStore, emptyToken, putToken, type IdentityStore } from './identity-store';
import { pruneStore } from './prune-store';
import { restoreStore, snapshotStore } from './identity-snapshot';
import { judgeUse } from './judge-authority';
import { sameEnrichment } from './same-enrichment';

/** An earlier judged use whose verdict a later-arriving identity event changed. */
export interface Reassessment {
  eventId: string;
  agentId: string;
  eventTime: string;
  tokenId: string;
  enrichment: Enrichment;
}

export interface IdentityStateStats {
  tokens: number;
  sessions: number;
  users: number;
  delegations: number;
}

export interface IdentityState {
  /** Apply one identity event (any arrival order). Returns earlier judged uses whose verdict this event changes (a revocation that arrived after the use it invalidates). */
  apply(event: IdentityEvent): Reassessment[];
  /** The authority behind one audit event at the event's own time. */
  enrich(event: AuditEvent): Enrichment;
  /** Whether the token this event presents is known yet (unknown tokens may be waiting for a late token.issued). */
  knowsToken(tokenId: string): boolean;
  /** Drop state no event can need any more (tokens expired/revoked longer than retention before the watermark). */
  prune(watermarkMs: number): void;
  /** JSON-serializable copy of the whole state. */
  snapshot(): unknown;
  /** Replaces the state with a snapshot; throws IdentityError VIGIL_IDENTITY_INVALID_SNAPSHOT if it does not validate. */
  restore(snapshot: unknown): void;
  stats(): IdentityStateStats;
}

interface JudgedUse {
  token: TokenRecord;
  use: RecordedUse;
  enrichment: Enrichment;
}

export function createIdentityState(config?: IdentityStateConfigInput): IdentityState {
  const parsed = parseIdentityStateConfig(config);
  let store: IdentityStore = createStore(parsed);

  function judgedUses(tokens: TokenRecord[]): JudgedUse[] {
    const judged: JudgedUse[] = [];
    for (const token of tokens) {
      for (const use of token.uses) judged.push({ token, use, enrichment: judgeUse(store, token, use.atMs, use.onBehalfOf) });
    }
    return judged;
  }

  function recordUse(token: TokenRecord, event: AuditEvent, atMs: number): void {
    const max = parsed.recentUsesPerToken;
    if (max === 0 || token.uses.some((use) => use.eventId === event.eventId)) return;
    if (token.uses.length >= max) token.uses.shift();
    token.uses.push({ eventId: event.eventId, agentId: event.agentId, time: event.time, atMs, onBehalfOf: event.onBehalfOf });
  }

  return {
    apply(event) {
      // Judge the remembered uses before and after the event; only the ones that differ are reported.
      const before = judgedUses(affectedTokens(store, event));
      applyIdentityEvent(store, event);
      const reassessments: Reassessment[] = [];
      for (const { token, use, enrichment } of before) {
        if (store.tokens.get(token.tokenId) !== token) continue;
        const now = judgeUse(store, token, use.atMs, use.onBehalfOf);
        if (sameEnrichment(enrichment, now)) continue;
        reassessments.push({ eventId: use.eventId, agentId: use.agentId, eventTime: use.time, tokenId: token.tokenId, enrichment: now });
      }
      return reassessments;
    },

    enrich(event) {
      const atMs = toEpochMs(event.time);
      const tokenId = event.tokenId;
      if (tokenId === undefined || tokenId === '') return judgeUse(store, undefined, atMs, event.onBehalfOf);
      let token = store.tokens.get(tokenId);
      if (!token) {
        // Remember the unknown token and its use, so a late token.issued can re-judge it.
        token = emptyToken(tokenId, atMs);
        putToken(store, token);
      } else if (atMs > token.lastSeenMs) {
        token.lastSeenMs = atMs;
      }
      recordUse(token, event, atMs);
      return judgeUse(store, token, atMs, event.onBehalfOf);
    },

    knowsToken(tokenId) {
      return store.tokens.get(tokenId)?.issuedAtMs !== undefined;
    },

    prune(watermarkMs) {
      pruneStore(store, watermarkMs);
    },

    snapshot() {
      return snapshotStore(store);
    },

    restore(snapshot) {
      store = restoreStore(parsed, snapshot);
    },

    stats() {
      return {
        tokens: store.tokens.size,
        sessions: store.sessions.size,
        users: store.users.size,
        delegations: store.delegations.size,
      };
    },
  };
}
