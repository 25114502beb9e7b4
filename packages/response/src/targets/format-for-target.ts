import type { IsolationAlert } from '@vigil/contracts';
import { signPayload } from '../signature';
import type { AlertContext } from './alert-context';
import { alertmanagerBody } from './alertmanager';
import type { DeliveryTarget } from './delivery-target';
import { pagerDutyBody } from './pagerduty';
import { slackBody } from './slack';
import { webhookBody } from './webhook';

export interface FormattedRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

function bodyFor(target: DeliveryTarget, alert: IsolationAlert, context: AlertContext): unknown {
  switch (target.kind) {
    case 'webhook':
      return webhookBody(alert);
    case 'pagerduty':
      // The schema guarantees a routingKey for pagerduty targets.
      return pagerDutyBody(alert, target.routingKey ?? '', context);
    case 'slack':
      return slackBody(alert, context);
    case 'alertmanager':
      return alertmanagerBody(alert, target.name);
  }
}

/**
 * The request to POST for one alert and one target. The signature covers the exact
 * bytes sent, and `Idempotency-Key` is the alertId on every kind, so any receiver can
 * verify and deduplicate.
 */
export function formatForTarget(
  target: DeliveryTarget,
  alert: IsolationAlert,
  signing: { secret: string; unixSeconds: number },
  context: AlertContext = {},
): FormattedRequest {
  const body = JSON.stringify(bodyFor(target, alert, context));
  return {
    url: target.url,
    headers: {
      'Content-Type': 'application/json',
      'Idempotency-Key': alert.alertId,
      'Vigil-Signature': signPayload(body, signing.secret, signing.unixSeconds),
    },
    body,
  };
}
