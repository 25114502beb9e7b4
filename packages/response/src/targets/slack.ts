import type { IsolationAlert } from '@vigil/contracts';
import type { AlertContext } from './alert-context';

/** Slack mrkdwn treats these three as control characters; agent ids and explanations are untrusted text. */
function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Incoming-webhook message: `text` for notifications and old clients, `blocks` for a readable card. */
export function slackBody(alert: IsolationAlert, context: AlertContext) {
  const verb = alert.action === 'isolate' ? 'Isolating' : 'Please review';
  const agent = escapeMrkdwn(alert.agentId);
  const user = context.onBehalfOf === undefined ? 'unknown' : escapeMrkdwn(context.onBehalfOf);
  const findings = alert.anomalies
    .map((a) => `• *${a.kind}* (score ${a.score}): ${escapeMrkdwn(a.explanation)}`)
    .join('\n');
  return {
    text: `${verb} agent ${agent} (${alert.severity}, score ${alert.score}): ${escapeMrkdwn(alert.reason)}`,
    blocks: [
      {
        type: 'header',
        text: { type: 'plain_text', text: `Vigil: ${verb.toLowerCase()} agent ${alert.agentId}` },
      },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: `*Agent*\n${agent}` },
          { type: 'mrkdwn', text: `*Acting for*\n${user}` },
          { type: 'mrkdwn', text: `*Action*\n${alert.action}` },
          { type: 'mrkdwn', text: `*Severity / score*\n${alert.severity} / ${alert.score}` },
        ],
      },
      { type: 'section', text: { type: 'mrkdwn', text: `*What it did*\n${findings}` } },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: `alert ${alert.alertId} at ${alert.createdAt}` }],
      },
    ],
  };
}
