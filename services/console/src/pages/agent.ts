import type { AgentHour, IsolationRecord, KnownGround } from '@vigil/queries';
import { observedAgainstExpected } from '../chart';
import { html, type Html } from '../html';
import { actionButtons } from './action-buttons';

const MEASURES = [
  ['calls', 'calls'],
  ['bytes', 'bytes'],
  ['users', 'users'],
] as const;

const AGENT_ACTIONS = [
  ['isolate', 'isolate'],
  ['release', 'release'],
] as const;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** One agent: observed per hour against its usual hour (calls, bytes, users), its isolations, its known ground. */
export function agentPage(
  agentId: string,
  hours: readonly AgentHour[],
  isolations: readonly IsolationRecord[],
  known: readonly KnownGround[],
  canAct: boolean,
): Html {
  return html`${canAct ? actionButtons(`/agents/${encodeURIComponent(agentId)}`, AGENT_ACTIONS) : ''}
    <h2>observed per hour against the usual hour</h2>
    ${MEASURES.map(([measure, title]) =>
      observedAgainstExpected(
        title,
        hours.map((h) => ({ hour: h.hour, value: h[measure] })),
        median(hours.map((h) => h[measure])),
      ),
    )}
    <h2>isolation history</h2>
    <table id="isolations">
      <tr>
        <th>created</th>
        <th>action</th>
        <th>severity</th>
        <th>score</th>
        <th>target</th>
        <th>delivery</th>
        <th>reason</th>
      </tr>
      ${isolations.map(
        (i) =>
          html`<tr>
            <td>${i.created_at}</td>
            <td>${i.action}</td>
            <td class="${i.severity}">${i.severity}</td>
            <td>${i.score.toFixed(1)}</td>
            <td>${i.target}</td>
            <td>${i.status} (${i.attempts})</td>
            <td>${i.reason}</td>
          </tr>`,
      )}
    </table>
    <h2>known ground</h2>
    <table>
      <tr>
        <th>kind</th>
        <th>name</th>
        <th>calls</th>
        <th>first seen</th>
        <th>last seen</th>
      </tr>
      ${known.map(
        (k) =>
          html`<tr>
            <td>${k.kind}</td>
            <td>${k.name}</td>
            <td>${k.calls}</td>
            <td>${k.first_seen}</td>
            <td>${k.last_seen}</td>
          </tr>`,
      )}
    </table>`;
}

/**
 * The confirmation step before isolating or releasing: nothing is sent until it is confirmed.
 * `requestedAt` rides along, so the same confirmation sent twice is one request.
 */
export function agentConfirmPage(agentId: string, action: string, requestedAt: string): Html {
  const effect =
    action === 'isolate'
      ? 'a signed isolate alert goes to every target now'
      : 'a signed notify alert tells every target the agent is released, and its incidents are marked released';
  return html`<form method="post" action="/agents/${encodeURIComponent(agentId)}/${action}">
    <p>${action} agent ${agentId}? ${effect}.</p>
    <p>reason <input name="reason" size="60" required /></p>
    <input type="hidden" name="requestedAt" value="${requestedAt}" />
    <button id="confirm" type="submit" name="confirm" value="yes">yes, ${action}</button>
    <a href="/agents/${encodeURIComponent(agentId)}">cancel</a>
  </form>`;
}
