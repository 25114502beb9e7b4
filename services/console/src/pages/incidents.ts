import type { Incident } from '@vigil/contracts';
import type { DailyCount } from '@vigil/queries';
import { html, type Html } from '../html';

export interface IncidentFilters {
  status?: string | undefined;
  severity?: string | undefined;
  kind?: string | undefined;
  agent?: string | undefined;
}

const SEVERITIES = ['critical', 'high', 'medium', 'low'];

/** The incidents page: filters, anomaly counts by kind and severity per day, then the list. */
export function incidentsPage(
  incidents: readonly Incident[],
  counts: readonly DailyCount[],
  filters: IncidentFilters,
): Html {
  const days = [...new Set(counts.map((c) => c.day))];
  const kinds = [...new Set(counts.map((c) => c.kind))].sort();
  const count = (day: string, key: (c: DailyCount) => boolean) =>
    counts.filter((c) => c.day === day && key(c)).reduce((sum, c) => sum + c.anomalies, 0);
  const option = (value: string, selected: string | undefined) =>
    html`<option value="${value}" ${selected === value ? html` selected` : ''}>
      ${value || 'any'}
    </option>`;
  return html` <form method="get" action="/incidents" id="filters">
      status
      <select name="status">
        ${['', 'open', 'acknowledged', 'closed'].map((s) => option(s, filters.status ?? ''))}
      </select>
      severity
      <select name="severity">
        ${['', ...SEVERITIES].map((s) => option(s, filters.severity ?? ''))}
      </select>
      kind
      <select name="kind">
        ${['', ...kinds].map((k) => option(k, filters.kind ?? ''))}
      </select>
      agent <input name="agent" value="${filters.agent ?? ''}" />
      <button type="submit">filter</button>
    </form>
    <h2>anomalies per day, by severity and kind</h2>
    <table id="counts">
      <tr>
        <th>day</th>
        ${SEVERITIES.map((s) => html`<th class="${s}">${s}</th>`)}${kinds.map((k) => html`<th>${k}</th>`)}
      </tr>
      ${days.map(
        (day) =>
          html`<tr>
            <td>${day}</td>
            ${SEVERITIES.map((s) => html`<td>${count(day, (c) => c.severity === s)}</td>`)}${kinds.map(
              (k) => html`<td>${count(day, (c) => c.kind === k)}</td>`,
            )}
          </tr>`,
      )}
    </table>
    <h2>${incidents.length} incidents</h2>
    <table id="incidents">
      <tr>
        <th>incident</th>
        <th>agent</th>
        <th>status</th>
        <th>severity</th>
        <th>score</th>
        <th>kinds</th>
        <th>anomalies</th>
        <th>isolation</th>
        <th>owner</th>
        <th>last anomaly</th>
      </tr>
      ${incidents.map(
        (i) =>
          html`<tr data-incident="${i.incidentId}" data-agent="${i.agentId}">
            <td><a href="/incidents/${encodeURIComponent(i.incidentId)}">${i.incidentId}</a></td>
            <td><a href="/agents/${encodeURIComponent(i.agentId)}">${i.agentId}</a></td>
            <td class="${i.status}">${i.status}</td>
            <td class="${i.severity}">${i.severity}</td>
            <td>${i.maxScore.toFixed(1)}</td>
            <td>${i.kinds.join(', ')}</td>
            <td>${i.anomalyIds.length}</td>
            <td>${i.isolation}</td>
            <td>${i.owner || '-'}</td>
            <td>${i.lastAnomalyAt}</td>
          </tr>`,
      )}
    </table>`;
}
