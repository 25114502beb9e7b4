import type { Incident } from '@vigil/contracts';
import type { EvidenceEvent, IncidentChangeRow, StoredAnomaly } from '@vigil/queries';
import { html, type Html } from '../html';
import { actionButtons } from './action-buttons';

const ACTIONS = [
  ['ack', 'acknowledge'],
  ['close', 'close'],
] as const;

/** One incident: its state, the actions an operator may take, its timeline of anomalies with evidence, its history. */
export function incidentPage(
  incident: Incident,
  timeline: ReadonlyArray<{ anomaly: StoredAnomaly; evidence: EvidenceEvent[] }>,
  history: readonly IncidentChangeRow[],
  canAct: boolean,
): Html {
  const actions = incident.status === 'closed' ? [] : ACTIONS;
  return html` <p>
      agent <a href="/agents/${encodeURIComponent(incident.agentId)}">${incident.agentId}</a> ·
      status <strong id="status" class="${incident.status}">${incident.status}</strong> · severity
      <span class="${incident.severity}">${incident.severity}</span> · max score
      ${incident.maxScore.toFixed(1)} · isolation ${incident.isolation} · owner
      ${incident.owner || '-'} · opened ${incident.openedAt}
    </p>
    ${incident.note ? html`<p>note: ${incident.note}</p>` : ''}
    ${
      canAct && actions.length > 0
        ? html`${actionButtons(`/incidents/${encodeURIComponent(incident.incidentId)}`, actions)}
            <p class="muted">
              isolate and release are on the
              <a href="/agents/${encodeURIComponent(incident.agentId)}">agent's page</a>
            </p>`
        : ''
    }
    <h2>timeline</h2>
    ${timeline.map(
      ({ anomaly, evidence }) =>
        html`<section class="anomaly" data-anomaly="${anomaly.anomaly_id}">
          <h3>
            ${anomaly.event_time} ·
            <span class="${anomaly.severity}">${anomaly.kind} ${anomaly.score.toFixed(1)}</span>
          </h3>
          <p>
            ${anomaly.explanation}<br /><span class="muted"
              >observed ${anomaly.observed}; expected ${anomaly.expected}; ${anomaly.count}
              occurrence(s)</span
            >
          </p>
          <table>
            <tr>
              <th>time</th>
              <th>server</th>
              <th>tool</th>
              <th>resource</th>
              <th>bytes</th>
              <th>for</th>
              <th>token</th>
            </tr>
            ${evidence.map(
              (e) =>
                html`<tr>
                  <td>${e.event_time}</td>
                  <td>${e.server_id}</td>
                  <td>${e.tool_name || e.method}</td>
                  <td>${e.resource_uri}</td>
                  <td>${e.response_bytes}</td>
                  <td>${e.on_behalf_of}</td>
                  <td>${e.token_status}</td>
                </tr>`,
            )}
          </table>
        </section>`,
    )}
    <h2>history</h2>
    <table id="history">
      <tr>
        <th>version</th>
        <th>when</th>
        <th>change</th>
        <th>by</th>
        <th>status</th>
        <th>note</th>
      </tr>
      ${history.map(
        (h) =>
          html`<tr>
            <td>${h.version}</td>
            <td>${h.updatedAt}</td>
            <td>${h.change}</td>
            <td>${h.changedBy}</td>
            <td>${h.status}</td>
            <td>${h.note}</td>
          </tr>`,
      )}
    </table>`;
}

/** The confirmation step before an action: nothing changes until it is confirmed. */
export function confirmPage(incident: Incident, action: string, label: string): Html {
  return html`<form
    method="post"
    action="/incidents/${encodeURIComponent(incident.incidentId)}/${action}"
  >
    <p>
      ${label} incident ${incident.incidentId} of agent ${incident.agentId} (${incident.status},
      ${incident.severity})?
    </p>
    <p>note <input name="note" size="60" /></p>
    <button id="confirm" type="submit" name="confirm" value="yes">yes, ${label}</button>
    <a href="/incidents/${encodeURIComponent(incident.incidentId)}">cancel</a>
  </form>`;
}
