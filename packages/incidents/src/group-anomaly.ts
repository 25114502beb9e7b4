import { toEpochMs, type Anomaly, type Incident } from '@vigil/contracts';
import { computeIncidentId, wholeSecond } from './incident-id';
import type { IncidentOptions } from './options';
import { higherSeverity } from './severity';

/**
 * The next version of the incident an anomaly belongs to, or undefined when it changes
 * nothing (a replayed anomaly, or a new version of one that neither raises the score nor the
 * severity). `incidents` are the agent's known incidents, latest version of each.
 *
 * An anomaly already in an incident stays there. Otherwise it joins the agent's most recent
 * incident that is not closed, when its event time is within the gap of that incident's
 * anomalies; else it opens a new incident. `openedAt` stays the opening anomaly's event time
 * (it places every version under one sort key in ClickHouse). A closed incident is never reopened: whatever
 * comes after a person closed it deserves a fresh look.
 */
export function groupAnomaly(
  incidents: readonly Incident[],
  anomaly: Anomaly,
  options: IncidentOptions,
): Incident | undefined {
  const holding = incidents.find((incident) => incident.anomalyIds.includes(anomaly.anomalyId));
  if (holding) return raised(holding, anomaly);
  const joined = joinable(incidents, anomaly, options.gapMs);
  if (joined) return withAnomaly(joined, anomaly);
  return opened(anomaly);
}

function joinable(
  incidents: readonly Incident[],
  anomaly: Anomaly,
  gapMs: number,
): Incident | undefined {
  const time = toEpochMs(anomaly.eventTime);
  const candidates = incidents.filter(
    (incident) =>
      incident.status !== 'closed' &&
      time <= toEpochMs(incident.lastAnomalyAt) + gapMs &&
      time >= toEpochMs(incident.openedAt) - gapMs,
  );
  return candidates.sort((a, b) => toEpochMs(b.lastAnomalyAt) - toEpochMs(a.lastAnomalyAt))[0];
}

function opened(anomaly: Anomaly): Incident {
  return {
    incidentId: computeIncidentId(anomaly.agentId, anomaly.anomalyId),
    agentId: anomaly.agentId,
    openedAt: wholeSecond(anomaly.eventTime),
    updatedAt: wholeSecond(anomaly.detectedAt),
    lastAnomalyAt: wholeSecond(anomaly.eventTime),
    status: 'open',
    owner: '',
    note: '',
    maxScore: anomaly.score,
    severity: anomaly.severity,
    kinds: [anomaly.kind],
    anomalyIds: [anomaly.anomalyId],
    isolation: 'none',
    alertIds: [],
    change: 'opened',
    changedBy: 'vigil',
    version: 1,
  };
}

function withAnomaly(incident: Incident, anomaly: Anomaly): Incident {
  const time = toEpochMs(anomaly.eventTime);
  return {
    ...incident,
    lastAnomalyAt:
      time > toEpochMs(incident.lastAnomalyAt)
        ? wholeSecond(anomaly.eventTime)
        : incident.lastAnomalyAt,
    updatedAt: wholeSecond(anomaly.detectedAt),
    maxScore: Math.max(incident.maxScore, anomaly.score),
    severity: higherSeverity(incident.severity, anomaly.severity),
    kinds: incident.kinds.includes(anomaly.kind)
      ? incident.kinds
      : [...incident.kinds, anomaly.kind].sort(),
    anomalyIds: [...incident.anomalyIds, anomaly.anomalyId],
    change: 'anomaly',
    changedBy: 'vigil',
    version: incident.version + 1,
  };
}

/** A later version of an anomaly the incident holds: a new version only when it raises something. */
function raised(incident: Incident, anomaly: Anomaly): Incident | undefined {
  const severity = higherSeverity(incident.severity, anomaly.severity);
  if (anomaly.score <= incident.maxScore && severity === incident.severity) return undefined;
  return {
    ...incident,
    updatedAt: wholeSecond(anomaly.detectedAt),
    maxScore: Math.max(incident.maxScore, anomaly.score),
    severity,
    change: 'anomaly',
    changedBy: 'vigil',
    version: incident.version + 1,
  };
}
