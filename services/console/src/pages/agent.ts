import type { AgentHour, IsolationRecord, KnownGround } from '@vigil/queries';
import { observedAgainstExpected } from '../chart';
import { html, type Html } from '../html';

const MEASURES = [
  ['calls', 'calls'],
  ['bytes', 'bytes'],
  ['users', 'users'],
] as const;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** One agent: observed per hour against its usual hour (calls, bytes, users), its isolations, its known ground. */
export function agentPage(
  hours: readonly AgentHour[],
  isolations: readonly IsolationRecord[],
  known: readonly KnownGround[],
): Html {
  return html` <h2>observed per hour against the usual hour</h2>
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
