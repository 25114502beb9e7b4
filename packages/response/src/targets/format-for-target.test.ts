import { IsolationAlert } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { verifySignature } from '../signature';
import { makeAlert } from '../testing/alert';
import { parseTargets, type DeliveryTarget } from './delivery-target';
import { formatForTarget } from './format-for-target';

const alert = makeAlert();
const signing = { secret: 's3cret', unixSeconds: 1_767_225_600 };
const target = (
  kind: DeliveryTarget['kind'],
  extra: Partial<DeliveryTarget> = {},
): DeliveryTarget => ({
  name: kind,
  kind,
  url: `https://example.test/${kind}`,
  ...extra,
});

describe('formatForTarget', () => {
  it.each(['webhook', 'pagerduty', 'slack', 'alertmanager'] as const)(
    'sends %s with JSON content type, the alertId as Idempotency-Key and a signature over the exact body',
    (kind) => {
      const request = formatForTarget(target(kind, { routingKey: 'rk' }), alert, signing);
      expect(request.url).toBe(`https://example.test/${kind}`);
      expect(request.headers['Content-Type']).toBe('application/json');
      expect(request.headers['Idempotency-Key']).toBe(alert.alertId);
      const header = request.headers['Vigil-Signature'];
      expect(
        verifySignature({
          body: request.body,
          header,
          secrets: ['s3cret'],
          nowSeconds: signing.unixSeconds,
        }),
      ).toEqual({ ok: true });
    },
  );

  it('sends a generic webhook exactly the contract body', () => {
    const extended = { ...makeAlert(), internal: 'not for receivers' } as IsolationAlert;
    const body: unknown = JSON.parse(formatForTarget(target('webhook'), extended, signing).body);
    expect(body).toEqual(alert);
    expect(Object.keys(body as object)).toEqual([
      'alertId',
      'agentId',
      'action',
      'severity',
      'score',
      'reason',
      'anomalies',
      'createdAt',
    ]);
    expect(IsolationAlert.parse(body)).toEqual(alert);
  });

  it('sends PagerDuty a v2 trigger deduplicated on the alertId with a mapped severity', () => {
    const request = formatForTarget(
      target('pagerduty', { routingKey: 'R0UTING' }),
      alert,
      signing,
      {
        onBehalfOf: 'user-42',
      },
    );
    expect(JSON.parse(request.body)).toMatchObject({
      routing_key: 'R0UTING',
      event_action: 'trigger',
      dedup_key: alert.alertId,
      payload: {
        summary: `[isolate] ${alert.reason}`,
        source: 'agent-a',
        severity: 'critical',
        timestamp: alert.createdAt,
        custom_details: { alertId: alert.alertId, score: 97.5, onBehalfOf: 'user-42' },
      },
    });
  });

  it.each([
    ['high', 'error'],
    ['medium', 'warning'],
    ['low', 'info'],
  ] as const)('maps Vigil severity %s to PagerDuty %s', (severity, expected) => {
    const request = formatForTarget(
      target('pagerduty', { routingKey: 'rk' }),
      makeAlert({ severity }),
      signing,
    );
    expect(JSON.parse(request.body).payload.severity).toBe(expected);
  });

  it('tells Slack readers the agent, the user it acted for, what it did, the score and the action', () => {
    const request = formatForTarget(target('slack'), alert, signing, { onBehalfOf: 'user-42' });
    const body = JSON.parse(request.body) as { text: string; blocks: unknown[] };
    const card = JSON.stringify(body.blocks);
    expect(body.text).toContain('Isolating agent agent-a');
    for (const part of [
      '*Agent*\\nagent-a',
      '*Acting for*\\nuser-42',
      '*Action*\\nisolate',
      '97.5',
      'payload_size',
    ]) {
      expect(card).toContain(part);
    }
  });

  it('escapes Slack control characters in the text Slack reads as mrkdwn', () => {
    const request = formatForTarget(target('slack'), makeAlert({ agentId: '<!channel>' }), signing);
    const body = JSON.parse(request.body) as { text: string; blocks: unknown[] };
    // blocks[0] is the plain_text header, which Slack never parses for mentions.
    const mrkdwn = body.text + JSON.stringify(body.blocks.slice(1));
    expect(mrkdwn).toContain('&lt;!channel&gt;');
    expect(mrkdwn).not.toContain('<!channel>');
  });

  it('sends Alertmanager the version 4 webhook shape with one firing alert', () => {
    const body = JSON.parse(formatForTarget(target('alertmanager'), alert, signing).body);
    expect(body).toMatchObject({
      version: '4',
      status: 'firing',
      receiver: 'alertmanager',
      groupKey: '{}:{alertname="VigilIsolation", agent_id="agent-a"}',
      truncatedAlerts: 0,
      groupLabels: { alertname: 'VigilIsolation', agent_id: 'agent-a' },
    });
    expect(body.alerts).toHaveLength(1);
    expect(body.alerts[0]).toMatchObject({
      status: 'firing',
      labels: {
        alertname: 'VigilIsolation',
        agent_id: 'agent-a',
        severity: 'critical',
        action: 'isolate',
      },
      annotations: { summary: alert.reason, score: '97.5' },
      startsAt: alert.createdAt,
      endsAt: '0001-01-01T00:00:00Z',
    });
    expect(body.alerts[0].fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('parseTargets', () => {
  it('accepts one target of each kind', () => {
    const targets = parseTargets([
      target('webhook'),
      target('pagerduty', { routingKey: 'rk' }),
      target('slack'),
      target('alertmanager'),
    ]);
    expect(targets.map((t) => t.kind)).toEqual(['webhook', 'pagerduty', 'slack', 'alertmanager']);
  });

  it('names the missing routingKey of a PagerDuty target', () => {
    expect(() => parseTargets([target('pagerduty')])).toThrow(
      /0\.routingKey: a pagerduty target needs a routingKey/,
    );
  });

  it('refuses two targets with the same name, since the outbox keys on it', () => {
    expect(() => parseTargets([target('webhook'), target('webhook')])).toThrow(
      /1\.name: duplicate/,
    );
  });

  it('refuses a URL that is not http or https', () => {
    expect(() => parseTargets([target('webhook', { url: 'ftp://example.test' })])).toThrow(
      expect.objectContaining({ code: 'VIGIL_RESPONSE_TARGET_INVALID' }),
    );
  });
});
