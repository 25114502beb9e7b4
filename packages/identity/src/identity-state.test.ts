import { describe, expect, it } from 'vitest';
import { createIdentityState } from './identity-state';
import { at, audit, identity, issued, timed } from './testing/events';

function stateWith(...events: ReturnType<typeof identity>[]) {
  const state = createIdentityState();
  for (const event of events) state.apply(...timed(event));
  return state;
}

describe('identity state: judging a use at its own time', () => {
  it('a use of an issued, unexpired token is active and names its subject, agent and scopes', () => {
    const state = stateWith(issued('t1', 0, { scopes: ['mcp:read'], expiresAt: at(60) }));
    expect(state.enrich(...timed(audit('e1', 10, { tokenId: 't1', onBehalfOf: 'alice' })))).toEqual(
      {
        tokenStatus: 'active',
        userStatus: 'active',
        tokenSubject: 'alice',
        tokenAgentId: 'agent-a',
        scopes: ['mcp:read'],
      },
    );
  });

  it('a use before the revocation is active and a use at or after it is revoked', () => {
    const state = stateWith(issued('t1', 0), identity('token.revoked', 20, { tokenId: 't1' }));
    expect(state.enrich(...timed(audit('e1', 19, { tokenId: 't1' }))).tokenStatus).toBe('active');
    expect(state.enrich(...timed(audit('e2', 20, { tokenId: 't1' })))).toMatchObject({
      tokenStatus: 'revoked',
      tokenStatusReason: 'revoked',
    });
  });

  it('a use at or after the expiry is expired', () => {
    const state = stateWith(issued('t1', 0, { expiresAt: at(60) }));
    expect(state.enrich(...timed(audit('e1', 59, { tokenId: 't1' }))).tokenStatus).toBe('active');
    expect(state.enrich(...timed(audit('e2', 60, { tokenId: 't1' })))).toMatchObject({
      tokenStatus: 'expired',
      tokenStatusReason: 'expired',
    });
  });

  it("a use after the token's session ended is revoked for that reason, and other sessions are untouched", () => {
    const state = stateWith(
      issued('t1', 0, { sessionId: 's1' }),
      issued('t2', 0, { sessionId: 's2' }),
      identity('session.ended', 30, { sessionId: 's1' }),
    );
    expect(state.enrich(...timed(audit('e1', 31, { tokenId: 't1' })))).toMatchObject({
      tokenStatus: 'revoked',
      tokenStatusReason: 'session ended',
    });
    expect(state.enrich(...timed(audit('e2', 31, { tokenId: 't2' }))).tokenStatus).toBe('active');
  });

  it("clearing all of a user's sessions ends their session-bound tokens issued before it, not later ones", () => {
    const state = stateWith(
      issued('t1', 0, { sessionId: 's1' }),
      identity('session.ended', 30, { userId: 'alice' }),
      issued('t2', 40, { sessionId: 's2' }),
    );
    expect(state.enrich(...timed(audit('e1', 45, { tokenId: 't1' }))).tokenStatusReason).toBe(
      'session ended',
    );
    expect(state.enrich(...timed(audit('e2', 45, { tokenId: 't2' }))).tokenStatus).toBe('active');
  });

  it('a use after the user was disabled reports the user disabled and the token revoked', () => {
    const state = stateWith(issued('t1', 0), identity('user.disabled', 30, { userId: 'alice' }));
    expect(state.enrich(...timed(audit('e1', 29, { tokenId: 't1' })))).toMatchObject({
      tokenStatus: 'active',
      userStatus: 'active',
    });
    expect(state.enrich(...timed(audit('e2', 30, { tokenId: 't1' })))).toMatchObject({
      tokenStatus: 'revoked',
      tokenStatusReason: 'user disabled',
      userStatus: 'disabled',
    });
  });

  it('when several causes hold, the one that happened first is the reason', () => {
    const state = stateWith(
      issued('t1', 0, { expiresAt: at(60), sessionId: 's1' }),
      identity('session.ended', 40, { sessionId: 's1' }),
      identity('token.revoked', 50, { tokenId: 't1' }),
    );
    expect(state.enrich(...timed(audit('e1', 70, { tokenId: 't1' }))).tokenStatusReason).toBe(
      'session ended',
    );
  });

  it('a token presented by another agent reports the agent it was issued to', () => {
    const state = stateWith(issued('t1', 0, { agentId: 'agent-a' }));
    const enrichment = state.enrich(
      ...timed(audit('e1', 5, { tokenId: 't1', agentId: 'agent-b' })),
    );
    expect(enrichment.tokenAgentId).toBe('agent-a');
    expect(enrichment.tokenStatus).toBe('active');
  });

  it("the token's subject is reported even when the gateway claims another user, and its status is the subject's", () => {
    const state = stateWith(
      issued('t1', 0, { userId: 'alice' }),
      identity('user.disabled', 1, { userId: 'mallory' }),
    );
    const enrichment = state.enrich(
      ...timed(audit('e1', 5, { tokenId: 't1', onBehalfOf: 'mallory' })),
    );
    expect(enrichment.tokenSubject).toBe('alice');
    expect(enrichment.userStatus).toBe('active');
  });

  it("the token's own actor chain is reported, outermost actor first", () => {
    const state = stateWith(issued('t1', 0, { actorChain: ['agent-a', 'orchestrator'] }));
    expect(state.enrich(...timed(audit('e1', 5, { tokenId: 't1' }))).actorChain).toEqual([
      'agent-a',
      'orchestrator',
    ]);
  });

  it('without an act claim the chain comes from the newest delegation grant before the use', () => {
    const state = stateWith(
      identity('delegation.granted', 0, {
        userId: 'alice',
        agentId: 'agent-a',
        actorChain: ['agent-a', 'planner-v1'],
      }),
      identity('delegation.granted', 30, {
        userId: 'alice',
        agentId: 'agent-a',
        actorChain: ['agent-a', 'planner-v2'],
      }),
      issued('t1', 1),
    );
    expect(state.enrich(...timed(audit('e1', 10, { tokenId: 't1' }))).actorChain).toEqual([
      'agent-a',
      'planner-v1',
    ]);
    expect(state.enrich(...timed(audit('e2', 31, { tokenId: 't1' }))).actorChain).toEqual([
      'agent-a',
      'planner-v2',
    ]);
  });

  it('a revoked delegation revokes tokens issued under it, but not one issued after consent was given again', () => {
    const state = stateWith(
      issued('t1', 0),
      identity('delegation.revoked', 20, { userId: 'alice', agentId: 'agent-a' }),
      identity('delegation.granted', 25, { userId: 'alice', agentId: 'agent-a' }),
      issued('t2', 26),
    );
    expect(state.enrich(...timed(audit('e1', 30, { tokenId: 't1' })))).toMatchObject({
      tokenStatus: 'revoked',
      tokenStatusReason: 'delegation revoked',
    });
    expect(state.enrich(...timed(audit('e2', 30, { tokenId: 't2' }))).tokenStatus).toBe('active');
  });

  it('a delegation revocation without an agent covers every agent of the user, and no other agent of other users', () => {
    const state = stateWith(
      issued('t1', 0, { agentId: 'agent-a' }),
      issued('t2', 0, { agentId: 'agent-b' }),
      issued('t3', 0, { agentId: 'agent-b', userId: 'bob' }),
      identity('delegation.revoked', 20, { userId: 'alice' }),
    );
    expect(state.enrich(...timed(audit('e1', 21, { tokenId: 't1' }))).tokenStatus).toBe('revoked');
    expect(state.enrich(...timed(audit('e2', 21, { tokenId: 't2' }))).tokenStatus).toBe('revoked');
    expect(state.enrich(...timed(audit('e3', 21, { tokenId: 't3' }))).tokenStatus).toBe('active');
  });

  it('a re-issued token is a new token and the old one stays valid until its own expiry', () => {
    const state = stateWith(
      issued('t1', 0, { expiresAt: at(60) }),
      issued('t2', 50, { expiresAt: at(110) }),
    );
    expect(state.enrich(...timed(audit('e1', 55, { tokenId: 't1' }))).tokenStatus).toBe('active');
    expect(state.enrich(...timed(audit('e2', 61, { tokenId: 't1' }))).tokenStatus).toBe('expired');
    expect(state.enrich(...timed(audit('e3', 61, { tokenId: 't2' }))).tokenStatus).toBe('active');
  });

  it('a token never issued is unknown, and its user status comes from onBehalfOf', () => {
    const state = stateWith(identity('user.disabled', 0, { userId: 'alice' }));
    expect(state.knowsToken('ghost')).toBe(false);
    expect(
      state.enrich(...timed(audit('e1', 5, { tokenId: 'ghost', onBehalfOf: 'alice' }))),
    ).toEqual({
      tokenStatus: 'unknown',
      userStatus: 'disabled',
    });
    expect(state.enrich(...timed(audit('e2', 5, { onBehalfOf: 'nobody' })))).toEqual({
      tokenStatus: 'unknown',
      userStatus: 'unknown',
    });
  });

  it('a token whose revocation is known but whose issue is not is reported revoked, yet not known', () => {
    const state = stateWith(identity('token.revoked', 0, { tokenId: 't1' }));
    expect(state.knowsToken('t1')).toBe(false);
    expect(state.enrich(...timed(audit('e1', 5, { tokenId: 't1' }))).tokenStatus).toBe('revoked');
  });

  it('a use well before the token was issued is unknown, but clock skew within a minute is tolerated', () => {
    const state = stateWith(issued('t1', 10));
    expect(state.enrich(...timed(audit('e1', 9.5, { tokenId: 't1' }))).tokenStatus).toBe('active');
    expect(state.enrich(...timed(audit('e2', 5, { tokenId: 't1' })))).toMatchObject({
      tokenStatus: 'unknown',
      tokenStatusReason: 'not yet issued',
    });
  });

  it('a duplicate token.issued keeps the earliest report whichever arrives first', () => {
    const early = issued('t1', 0, { agentId: 'agent-a' });
    const late = issued('t1', 5, { agentId: 'agent-b' });
    const one = stateWith(early, late);
    const other = stateWith(late, early);
    expect(one.enrich(...timed(audit('e1', 10, { tokenId: 't1' })))).toEqual(
      other.enrich(...timed(audit('e1', 10, { tokenId: 't1' }))),
    );
    expect(one.enrich(...timed(audit('e2', 10, { tokenId: 't1' }))).tokenAgentId).toBe('agent-a');
  });
});

describe('identity state: reassessment of earlier uses', () => {
  it('a revocation arriving after a use it invalidates re-judges that use', () => {
    const state = stateWith(issued('t1', 0));
    expect(
      state.enrich(...timed(audit('e1', 30, { tokenId: 't1', agentId: 'agent-b' }))).tokenStatus,
    ).toBe('active');
    const reassessments = state.apply(...timed(identity('token.revoked', 20, { tokenId: 't1' })));
    expect(reassessments).toEqual([
      {
        eventId: 'e1',
        agentId: 'agent-b',
        eventTime: at(30),
        tokenId: 't1',
        enrichment: expect.objectContaining({
          tokenStatus: 'revoked',
          tokenStatusReason: 'revoked',
        }),
      },
    ]);
  });

  it('a revocation after the use changes nothing and reports nothing', () => {
    const state = stateWith(issued('t1', 0));
    state.enrich(...timed(audit('e1', 30, { tokenId: 't1' })));
    expect(state.apply(...timed(identity('token.revoked', 31, { tokenId: 't1' })))).toEqual([]);
  });

  it('a late token.issued re-judges uses that were judged unknown', () => {
    const state = createIdentityState();
    expect(state.enrich(...timed(audit('e1', 5, { tokenId: 't1' }))).tokenStatus).toBe('unknown');
    const [reassessment] = state.apply(...timed(issued('t1', 0)));
    expect(reassessment?.enrichment).toMatchObject({
      tokenStatus: 'active',
      tokenSubject: 'alice',
    });
  });

  it('a late user.disabled and a late session end re-judge the uses of that user and session', () => {
    const state = stateWith(
      issued('t1', 0, { sessionId: 's1' }),
      issued('t2', 0, { userId: 'bob', sessionId: 's2' }),
    );
    state.enrich(...timed(audit('e1', 30, { tokenId: 't1' })));
    state.enrich(...timed(audit('e2', 30, { tokenId: 't2' })));
    expect(
      state
        .apply(...timed(identity('user.disabled', 10, { userId: 'alice' })))
        .map((r) => r.eventId),
    ).toEqual(['e1']);
    expect(
      state
        .apply(...timed(identity('session.ended', 10, { sessionId: 's2' })))
        .map((r) => r.eventId),
    ).toEqual(['e2']);
  });

  it('a late user.disabled re-judges a use without a token that claimed that user', () => {
    const state = stateWith(identity('token.issued', 0, { tokenId: 'other', userId: 'bob' }));
    expect(state.enrich(...timed(audit('e1', 30, { onBehalfOf: 'bob' }))).userStatus).toBe(
      'active',
    );
    expect(state.apply(...timed(identity('user.disabled', 10, { userId: 'bob' })))).toEqual([
      {
        eventId: 'e1',
        agentId: 'agent-a',
        eventTime: at(30),
        tokenId: '',
        enrichment: { tokenStatus: 'unknown', userStatus: 'disabled' },
      },
    ]);
  });

  it('a user the gateway names is unknown before the first identity event about them, in event time', () => {
    const state = stateWith(
      identity('delegation.granted', 20, { userId: 'carol', agentId: 'agent-a' }),
    );
    expect(state.enrich(...timed(audit('e1', 10, { onBehalfOf: 'carol' }))).userStatus).toBe(
      'unknown',
    );
    expect(state.enrich(...timed(audit('e2', 20, { onBehalfOf: 'carol' }))).userStatus).toBe(
      'active',
    );
  });

  it('only the most recent uses of a token are remembered', () => {
    const state = createIdentityState({ recentUsesPerToken: 2 });
    state.apply(...timed(issued('t1', 0)));
    for (const minute of [10, 11, 12])
      state.enrich(...timed(audit(`e${minute}`, minute, { tokenId: 't1' })));
    expect(
      state.apply(...timed(identity('token.revoked', 5, { tokenId: 't1' }))).map((r) => r.eventId),
    ).toEqual(['e11', 'e12']);
  });
});

describe('identity state: bounds and pruning', () => {
  it('prune drops tokens that ended longer than the retention before the watermark and keeps live ones', () => {
    const state = createIdentityState({ retentionMs: 60 * 60_000 });
    state.apply(...timed(issued('old', 0, { expiresAt: at(10), sessionId: 's-old' })));
    state.apply(...timed(identity('session.ended', 5, { sessionId: 's-old' })));
    state.apply(...timed(issued('live', 0, { expiresAt: at(200) })));
    state.prune(Date.parse(at(69)));
    expect(state.knowsToken('old')).toBe(true);
    state.prune(Date.parse(at(71)));
    expect(state.knowsToken('old')).toBe(false);
    expect(state.knowsToken('live')).toBe(true);
    expect(state.stats()).toEqual({ tokens: 1, sessions: 0, users: 1, delegations: 0 });
  });

  it('the token store never holds more than maxTokens, evicting the oldest first', () => {
    const state = createIdentityState({ maxTokens: 2 });
    for (const id of ['t1', 't2', 't3']) state.apply(...timed(issued(id, 0)));
    expect(state.stats().tokens).toBe(2);
    expect(state.knowsToken('t1')).toBe(false);
    expect(state.knowsToken('t3')).toBe(true);
  });

  it('a flood of unknown token ids does not evict issued tokens', () => {
    const state = createIdentityState({ maxTokens: 2, maxUnknownTokens: 2 });
    state.apply(...timed(issued('real', 0)));
    for (let i = 0; i < 10; i++)
      state.enrich(...timed(audit(`junk-${i}`, 1, { tokenId: `junk-${i}` })));
    expect(state.knowsToken('real')).toBe(true);
    expect(state.stats().tokens).toBe(3);
  });

  it('an invalid config throws a coded error', () => {
    expect(() => createIdentityState({ maxTokens: 0 })).toThrow(
      expect.objectContaining({ code: 'VIGIL_IDENTITY_INVALID_CONFIG' }),
    );
  });
});
