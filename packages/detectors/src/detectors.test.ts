import type { Enrichment } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import type { DetectorInput } from './engine';
import { latestVersions, runStream } from './testing/run';
import { DAY, HOUR, MINUTE, MONDAY, call, mergeByTime, simulateBenign } from './testing/simulate';

/** Four days of two kinds of agents, with a population-wide 1.5x surge on Wednesday afternoon. */
const benign = simulateBenign({
  agentsPerKind: 6,
  fromMs: MONDAY,
  toMs: MONDAY + 4 * DAY,
  busyRate: 15,
  seed: 7,
  surge: { fromMs: MONDAY + 2 * DAY + 13 * HOUR, toMs: MONDAY + 2 * DAY + 16 * HOUR, factor: 1.5 },
});
/** Wednesday 10:00, when every agent is past its warm-up. */
const ATTACK = MONDAY + 2 * DAY + 10 * HOUR;

function attack(
  build: (time: number, i: number) => DetectorInput,
  count: number,
  spreadMs = 9 * MINUTE,
): DetectorInput[] {
  return Array.from({ length: count }, (_, i) =>
    build(ATTACK + Math.floor((i * spreadMs) / count), i),
  );
}

/** Every version of every anomaly, in the order emitted. */
function versionsWith(extra: DetectorInput[]) {
  return runStream(mergeByTime(benign, extra));
}

/** What an analyst reads once the windows closed: the latest version of each anomaly. */
function anomaliesWith(extra: DetectorInput[]) {
  return latestVersions(versionsWith(extra));
}

describe('detectors on a benign stream', () => {
  it('stay quiet through the daily rhythm, weekends-free week days and a population surge', () => {
    expect(runStream(benign)).toEqual([]);
  });
});

describe('call_volume', () => {
  it('fires on 450 calls to one tool in 10 minutes', () => {
    const found = anomaliesWith(
      attack((t, i) => call('sales-1', t, `x-${i}`, { toolName: 'search_accounts' }), 450),
    );
    expect(found).toHaveLength(1);
    // The attack comes on top of the agent's own benign calls in that window.
    expect(found[0]).toMatchObject({
      kind: 'call_volume',
      agentId: 'sales-1',
      severity: 'critical',
    });
    expect(found[0]?.observed).toMatch(/^4[5-9]\d search_accounts calls$/);
    expect(found[0]?.explanation).toMatch(
      /^agent sales-1 made 4[5-9]\d search_accounts calls to crm in 10 minutes; its usual for weekdays 10:00 is \d/,
    );
    expect(found[0]?.evidenceEventIds).toHaveLength(20);
  });

  it('judges a warming-up agent against its peers: quiet when it behaves like them, firing when it bursts', () => {
    const newcomer = (count: number) =>
      Array.from({ length: count }, (_, i) =>
        call(
          'sales-new',
          ATTACK + 60 * MINUTE + Math.floor((i * 9 * MINUTE) / count),
          `n-${count}-${i}`,
        ),
      );
    expect(anomaliesWith(newcomer(12))).toEqual([]);
    const burst = anomaliesWith(newcomer(400));
    expect(burst.map((a) => [a.kind, a.agentId])).toEqual([['call_volume', 'sales-new']]);
    expect(burst[0]?.explanation).toContain("its peers' usual");
  });
});

describe('payload_size', () => {
  it('fires once on 50 MB responses where KBs are usual', () => {
    const found = anomaliesWith(
      attack((t, i) => call('support-2', t, `x-${i}`, { responseBytes: 50_000_000 }), 3),
    );
    expect(found.map((a) => [a.kind, a.agentId, a.observed])).toEqual([
      ['payload_size', 'support-2', '50.0 MB in one call'],
    ]);
  });

  it('fires on a window whose bytes sum to far more than usual', () => {
    const found = anomaliesWith(
      attack((t, i) => call('support-2', t, `x-${i}`, { responseBytes: 1_500_000 }), 60),
    );
    expect(found.map((a) => [a.kind, a.agentId])).toEqual([['payload_size', 'support-2']]);
    expect(found[0]?.observed).toMatch(/^90\.\d MB in 10 minutes$/);
    expect(found[0]?.evidenceEventIds).toHaveLength(20);
  });
});

describe('new_resource', () => {
  it('does not treat a new ticket id as a new resource', () => {
    expect(
      anomaliesWith([call('support-1', ATTACK, 'x-1', { resourceUri: 'ticket://T-99999999' })]),
    ).toEqual([]);
  });

  it('fires on a new kind of resource', () => {
    const found = anomaliesWith([
      call('support-1', ATTACK, 'x-1', { resourceUri: 'secrets://vault/db-password' }),
    ]);
    expect(found.map((a) => [a.kind, a.observed])).toEqual([
      ['new_resource', 'resource secrets://vault/db-password on helpdesk'],
    ]);
  });

  it('fires on a server no agent has used, once', () => {
    const found = anomaliesWith(
      attack(
        (t, i) =>
          call('sales-3', t, `x-${i}`, {
            serverId: 'vault',
            toolName: 'read_secret',
            resourceUri: undefined,
          }),
        3,
      ),
    );
    expect(found.map((a) => [a.kind, a.observed])).toEqual([['new_resource', 'server vault']]);
  });

  it('still fires on a server after another attacker was reported using it first', () => {
    const vault = (agent: string, time: number, id: string) =>
      call(agent, time, id, { serverId: 'vault', toolName: 'read_secret', resourceUri: undefined });
    const found = anomaliesWith([
      vault('sales-3', ATTACK, 'x-1'),
      vault('support-2', ATTACK + 2 * HOUR, 'x-2'),
    ]);
    expect(found.map((a) => [a.kind, a.agentId, a.observed])).toEqual([
      ['new_resource', 'sales-3', 'server vault'],
      ['new_resource', 'support-2', 'server vault'],
    ]);
  });

  it('does not flag a newcomer that uses what its peers use', () => {
    expect(
      anomaliesWith([call('support-new', ATTACK, 'x-1', { resourceUri: 'kb://articles/77' })]),
    ).toEqual([]);
  });
});

describe('tool_definition_changed', () => {
  it('fires once when a tool definition hash changes', () => {
    const found = anomaliesWith(
      attack(
        (t, i) => call('sales-4', t, `x-${i}`, { toolSchemaHash: 'hash-get_account-EVIL' }),
        3,
      ),
    );
    expect(found.map((a) => [a.kind, a.expected, a.observed])).toEqual([
      [
        'tool_definition_changed',
        'definition hash-get_account-v1',
        'definition hash-get_account-EVIL',
      ],
    ]);
  });

  it('is one anomaly for the server’s change, whose count grows with each agent that meets it', () => {
    const found = versionsWith(
      ['sales-1', 'sales-2', 'sales-3'].map((agent, i) =>
        call(agent, ATTACK + i * HOUR, `x-${i}`, { toolSchemaHash: 'hash-get_account-EVIL' }),
      ),
    );
    expect(new Set(found.map((a) => a.anomalyId)).size).toBe(1);
    expect(found.map((a) => [a.kind, a.agentId, a.count, a.version])).toEqual([
      ['tool_definition_changed', 'sales-1', 1, 1],
      ['tool_definition_changed', 'sales-1', 2, 2],
      ['tool_definition_changed', 'sales-1', 3, 3],
    ]);
    expect(found[2]?.explanation).toMatch(
      /3 agents have called it since \(sales-1, sales-2, sales-3\), the latest sales-3/,
    );
  });
});

describe('identity kinds', () => {
  /** support-3's own token, revoked. */
  const revoked: Enrichment = {
    tokenStatus: 'revoked',
    tokenStatusReason: 'revoked',
    tokenAgentId: 'support-3',
    userStatus: 'active',
  };

  it('token_misuse fires once per window when an agent presents another agent’s token', () => {
    const stolen: Enrichment = {
      tokenStatus: 'active',
      tokenAgentId: 'sales-1',
      userStatus: 'active',
    };
    const found = anomaliesWith(
      attack((t, i) => call('sales-2', t, `x-${i}`, { tokenId: 'tok-sales-1' }, stolen), 5),
    );
    expect(found.map((a) => [a.kind, a.agentId, a.severity])).toEqual([
      ['token_misuse', 'sales-2', 'high'],
    ]);
  });

  /** sales-2's own token, whose subject is alice. */
  const aliceToken: Enrichment = {
    tokenStatus: 'active',
    tokenAgentId: 'sales-2',
    tokenSubject: 'alice',
    userStatus: 'active',
  };

  it('token_misuse fires on a confused deputy acting for a user other than the token subject', () => {
    const found = anomaliesWith([
      call('sales-2', ATTACK, 'x-1', { tokenId: 'tok-sales-2', onBehalfOf: 'bob' }, aliceToken),
    ]);
    expect(found.map((a) => a.kind)).toEqual(['token_misuse']);
  });

  it('a confused deputy stays one cause when its access token is refreshed mid-way', () => {
    const found = anomaliesWith(
      attack((t, i) => {
        const tokenId = i < 4 ? 'tok-sales-2-a' : 'tok-sales-2-b';
        return call('sales-2', t, `x-${i}`, { tokenId, onBehalfOf: 'bob' }, aliceToken);
      }, 8),
    );
    expect(found.map((a) => [a.kind, a.count])).toEqual([['token_misuse', 1]]);
  });

  it('revoked_token fires once per token per window, not per event', () => {
    const found = anomaliesWith(
      attack((t, i) => call('support-3', t, `x-${i}`, { tokenId: 'tok-old' }, revoked), 5),
    );
    expect(found.map((a) => [a.kind, a.observed])).toEqual([
      ['revoked_token', 'token tok-old used (revoked)'],
    ]);
  });

  it('revoked_token used again in later windows updates its one anomaly', () => {
    const found = versionsWith(
      attack((t, i) => call('support-3', t, `x-${i}`, { tokenId: 'tok-old' }, revoked), 3, HOUR),
    );
    expect(new Set(found.map((a) => a.anomalyId)).size).toBe(1);
    expect(found.map((a) => [a.kind, a.count])).toEqual([
      ['revoked_token', 1],
      ['revoked_token', 2],
      ['revoked_token', 3],
    ]);
    expect(found[2]?.evidenceEventIds).toEqual(['x-2', 'x-1', 'x-0']);
  });

  it('principal_fanout fires when an agent acts for 40 distinct users in a window', () => {
    const found = anomaliesWith(
      attack((t, i) => call('sales-5', t, `x-${i}`, { onBehalfOf: `victim-${i}` }), 40),
    );
    expect(found.map((a) => [a.kind, a.agentId])).toEqual([['principal_fanout', 'sales-5']]);
    expect(found[0]?.observed).toMatch(/^4\d distinct users$/);
  });
});
