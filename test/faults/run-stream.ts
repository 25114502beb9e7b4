import { parsePolicy } from '@vigil/response';
import { untilAvailable } from '@vigil/runtime';
import type { Producer } from 'kafkajs';
import type { Scenario } from '../scenarios/scenario';
import { startAlertReceiver, type AlertReceiver } from '../support/alert-receiver';
import { sendClockEvents } from '../support/clock-events';
import { drainPipeline } from '../support/drain-pipeline';
import { feedScenario } from '../support/feed-scenario';
import {
  createIsolatedPipeline,
  eventually,
  type IsolatedPipeline,
} from '../support/isolated-pipeline';
import { withWebhookTarget } from '../support/pipeline-with-receiver';
import { decidedAlerts, readOutcome, type RunOutcome } from './run-outcome';
import { SERVICES, ServiceFleet } from './service-fleet';

export interface FaultContext {
  pipeline: IsolatedPipeline;
  fleet: ServiceFleet;
  receiver: AlertReceiver;
  /** Records what the fault did and when, printed with the outcome. */
  note(what: string): void;
}

/** One action of a fault, started when the feed reaches `at` (a share of the stream, 0–1). */
export interface FaultStep {
  at: number;
  strike(context: FaultContext): Promise<void>;
}

export interface Fault {
  /** Short and stable: names the run's topics and database, and the lists in faults.test.ts. */
  id: string;
  name: string;
  steps: FaultStep[];
  /** It stops a server of the local stack, so it runs only where the tests use that stack. */
  stopsStack?: boolean;
}

export interface StreamRun {
  outcome: RunOutcome;
  notes: string[];
}

const SECRET = 'fault-suite-secret-0123456789';
/** The feed goes out in this many paced slices; faults strike between them. */
const SLICES = 40;
/** Like a gateway that buffers: the feed's producer retries through a broker outage of minutes. */
const PATIENT_RETRY = { retries: 40, initialRetryTime: 300, maxRetryTime: 5_000 };
/** A delivery backs off to at most 60 s between attempts, so a target back up is reached by then. */
const ALERTS_SETTLE_MS = 180_000;
/**
 * A notify group that no later anomaly closed is sent this long (processing time) after it
 * opened, so decisions are complete only that long after the detector has drained, plus a tick.
 */
const LAST_GROUP_SENT_MS = parsePolicy({}).groupingWindowMs + 2_000;

/**
 * Runs a labelled stream through the three real service processes on the stack, with a
 * fault's steps striking while it flows, then waits until every stage has committed all of
 * its input and every alert is settled, and counts what reached ClickHouse and the webhook.
 * A service that exits on its own fails the run at once.
 */
export async function runStream(
  name: string,
  scenario: Scenario,
  feedMs: number,
  fault: Fault = { id: 'none', name: 'no fault', steps: [] },
): Promise<StreamRun> {
  const startedAt = Date.now();
  const notes: string[] = [];
  const note = (what: string) =>
    notes.push(`${((Date.now() - startedAt) / 1000).toFixed(0)} s: ${what}`);
  const receiver = await startAlertReceiver();
  const pipeline = await createIsolatedPipeline(`faults_${name}`);
  const fleet = new ServiceFleet(withWebhookTarget(pipeline, receiver.url, SECRET));
  const feeder = pipeline.kafka.producer({ retry: PATIENT_RETRY });
  const strikes: Promise<void>[] = [];
  let stopped = false;
  try {
    await feeder.connect();
    for (const service of SERVICES) await fleet.start(service);
    note('services ready');
    const context: FaultContext = { pipeline, fleet, receiver, note };

    const flow = async () => {
      const steps = [...fault.steps].sort((a, b) => a.at - b.at);
      const strikeUpTo = (share: number) => {
        while (steps[0] && steps[0].at <= share) strikes.push(steps.shift()!.strike(context));
      };
      for (let slice = 0; slice < SLICES && !stopped; slice++) {
        strikeUpTo(slice / SLICES);
        await feedSlice(feeder, pipeline, scenario, slice);
        await new Promise((resolve) => setTimeout(resolve, feedMs / SLICES));
      }
      if (stopped) throw new Error('the run was stopped');
      strikeUpTo(1);
      await patiently(() => sendClockEvents(feeder, pipeline.topics.audit, scenario));
      note('stream fed');
      await Promise.all(strikes);
      if (!(await drainPipeline(pipeline))) throw new Error('the pipeline did not drain in 5 min');
      note('drained');
      await new Promise((resolve) => setTimeout(resolve, LAST_GROUP_SENT_MS));
      const decided = await decidedAlerts(pipeline);
      const settled = await eventually(
        async () =>
          (await pipeline.scalar('SELECT uniqExact(alert_id) FROM {db}.isolations')) >=
          decided.length,
        ALERTS_SETTLE_MS,
        1_000,
      );
      if (!settled) throw new Error(`${decided.length} alerts decided, not all settled in time`);
      note('alerts settled');
      note(`late events: ${await lateEvents(fleet)}`);
      return decided;
    };

    const decided = await fleet.watch(flow());
    const eventsIn = new Set(scenario.audit.map((a) => a.event.eventId)).size;
    const seconds = (Date.now() - startedAt) / 1000;
    const outcome = await readOutcome(pipeline, eventsIn, receiver.received, decided, seconds);
    return { outcome, notes };
  } finally {
    stopped = true;
    // A stack server a fault took away is back before anything else runs.
    await Promise.allSettled(strikes);
    await fleet.stopAll();
    await feeder.disconnect();
    await pipeline.close();
    await receiver.close();
  }
}

/**
 * Like a gateway, the feed waits a broker outage out, with the services' own backoff. A slice sent
 * again after a half-done attempt only repeats events, which the collector drops as duplicates.
 */
const patiently = <T>(send: () => Promise<T>) =>
  untilAvailable(send, { onFailedAttempt: () => undefined, onRecovered: () => undefined });

async function feedSlice(
  feeder: Producer,
  pipeline: IsolatedPipeline,
  scenario: Scenario,
  slice: number,
): Promise<void> {
  const size = Math.ceil(scenario.deliveries.length / SLICES);
  const deliveries = scenario.deliveries.slice(slice * size, (slice + 1) * size);
  await patiently(() => feedScenario(feeder, pipeline.topics, scenario, deliveries));
}

/** Each service's count of events later than the allowed lateness (stored, not scored), from its /metrics. */
async function lateEvents(fleet: ServiceFleet): Promise<string> {
  const counts = await Promise.all(
    SERVICES.map(async (service) => {
      const port = fleet.portOf(service);
      if (port === undefined) return `${service} -`;
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      let late = 0;
      for (const line of text.split('\n'))
        if (line.startsWith('vigil_late_events_total')) late += Number(line.split(' ').pop());
      return `${service} ${late}`;
    }),
  );
  return counts.join(', ');
}
