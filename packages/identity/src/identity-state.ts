import { type AuditEvent, type Enrichment, type IdentityEvent } from '@vigil/contracts';
import { affectedTokens } from './affected-tokens';
import { applyIdentityEvent } from './apply-identity-event';
import type { RecordedUse } from './identity-records';
import { parseIdentityStateConfig, type IdentityStateConfigInput } from './identity-state-config';
import { createStore, emptyToken, findToken, putToken, type IdentityStore } from './identity-store';
import { pruneStore } from './prune-store';
import { judgedByClaimedUser, judgeUse } from './judge-authority';
import { recordClaimedUse, recordTokenUse, useOf } from './recorded-uses';
import { sameEnrichment } from './same-enrichment';

/** An earlier judged use whose verdict a later-arriving identity event changed. */
export interface Reassessment {
  eventId: string;
  agentId: string;
  eventTime: string;
  /** The token the use presented; '' for a use without a token (re-judged because its onBehalfOf user changed). */
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
  apply(event: IdentityEvent, atMs: number): Reassessment[];
  /** The authority behind one audit event at its own time `atMs` (parsed once, where the event entered). */
  enrich(event: AuditEvent, atMs: number): Enrichment;
  /** Whether the token this event presents is known yet (unknown tokens may be waiting for a late token.issued). */
  knowsToken(tokenId: string): boolean;
  /** Drop state no event can need any more (tokens expired/revoked longer than retention before the watermark). */
  prune(watermarkMs: number): void;
  stats(): IdentityStateStats;
}

interface JudgedUse {
  tokenId: string | undefined;
  use: RecordedUse;
  enrichment: Enrichment;
}

export function createIdentityState(config?: IdentityStateConfigInput): IdentityState {
  const parsed = parseIdentityStateConfig(config);
  const store: IdentityStore = createStore(parsed);

  const judge = (tokenId: string | undefined, use: RecordedUse): Enrichment =>
    judgeUse(
      store,
      tokenId === undefined ? undefined : findToken(store, tokenId),
      use.atMs,
      use.onBehalfOf,
    );

  /** Every remembered use an identity event could re-judge: by token, and by the user the gateway named. */
  function judgedUses(event: IdentityEvent): JudgedUse[] {
    const judged: JudgedUse[] = [];
    const seen = new Set<string>();
    const add = (tokenId: string | undefined, use: RecordedUse): void => {
      if (seen.has(use.eventId)) return;
      seen.add(use.eventId);
      judged.push({ tokenId, use, enrichment: judge(tokenId, use) });
    };
    for (const token of affectedTokens(store, event))
      for (const use of token.uses) add(token.tokenId, use);
    if (event.userId !== undefined)
      for (const claimed of store.claimedUses.get(event.userId) ?? [])
        add(claimed.tokenId, claimed.use);
    return judged;
  }

  return {
    apply(event, atMs) {
      // Judge the remembered uses before and after the event; only the ones that differ are reported.
      const before = judgedUses(event);
      applyIdentityEvent(store, event, atMs);
      const reassessments: Reassessment[] = [];
      for (const { tokenId, use, enrichment } of before) {
        const now = judge(tokenId, use);
        if (sameEnrichment(enrichment, now)) continue;
        reassessments.push({
          eventId: use.eventId,
          agentId: use.agentId,
          eventTime: use.time,
          tokenId: tokenId ?? '',
          enrichment: now,
        });
      }
      return reassessments;
    },

    enrich(event, atMs) {
      const tokenId = event.tokenId === '' ? undefined : event.tokenId;
      const use = useOf(event, atMs);
      if (tokenId === undefined) {
        recordClaimedUse(store, undefined, use);
        return judgeUse(store, undefined, atMs, event.onBehalfOf);
      }
      let token = findToken(store, tokenId);
      if (!token) {
        // Remember the unknown token and its use, so a late token.issued can re-judge it.
        token = emptyToken(tokenId, atMs);
        putToken(store, token);
      } else if (atMs > token.lastSeenMs) {
        token.lastSeenMs = atMs;
      }
      recordTokenUse(store, token, use);
      if (judgedByClaimedUser(token)) recordClaimedUse(store, tokenId, use);
      return judgeUse(store, token, atMs, event.onBehalfOf);
    },

    knowsToken(tokenId) {
      return store.tokens.get(tokenId)?.issuedAtMs !== undefined;
    },

    prune(watermarkMs) {
      pruneStore(store, watermarkMs);
    },

    stats() {
      return {
        tokens: store.tokens.size + store.pendingTokens.size,
        sessions: store.sessions.size,
        users: store.users.size,
        delegations: store.delegations.size,
      };
    },
  };
}
