import { Random } from '../scenarios/random';
import { eventually } from '../support/isolated-pipeline';
import type { FaultProfile } from './fault-profile';
import { stackOutage, type StackPart } from './local-stack';
import type { Fault } from './run-stream';
import { SERVICES } from './service-fleet';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percent = (share: number) => `${Math.round(share * 100)}% of the feed`;

/** One server of the local stack stopped while the stream flows, started again after `outageMs`. */
export function stackStopped(part: StackPart, at: number, outageMs: number): Fault {
  return {
    id: part,
    name:
      part === 'kafka'
        ? 'Kafka broker stopped and restarted mid-stream'
        : 'ClickHouse stopped mid-stream',
    stopsStack: true,
    steps: [
      {
        at,
        strike: async ({ note }) => {
          note(`${part} stopped at ${percent(at)} for ${outageMs / 1000} s`);
          await stackOutage(part, outageMs);
          note(`${part} back`);
        },
      },
    ],
  };
}

/**
 * The webhook target refuses (503) from the start; once it has refused an alert it is
 * unreachable (connection refused) for `outageMs`, then answers 200 again.
 */
export function webhookTargetDown(outageMs: number, firstAlertWithinMs: number): Fault {
  return {
    id: 'webhook',
    name: 'webhook target answering 503, then unreachable, then back',
    steps: [
      {
        at: 0,
        strike: async ({ receiver, note }) => {
          receiver.answer.status = 503;
          const refused = await eventually(
            async () => receiver.received.length > 0,
            firstAlertWithinMs,
          );
          if (!refused) throw new Error('no alert reached the webhook target to refuse');
          note(`target refused ${receiver.received.length} request(s) with 503`);
          await receiver.unreachable();
          note(`target unreachable for ${outageMs / 1000} s`);
          await sleep(outageMs);
          receiver.answer.status = 200;
          await receiver.reachable();
          note('target answers 200 again');
        },
      },
    ],
  };
}

/** Each service SIGKILLed once, at its own seeded moment of the feed, and started again at once. */
export function eachServiceKilled(seed: number): Fault {
  const random = new Random(seed);
  return {
    id: 'kill',
    name: 'each service SIGKILLed at a random moment',
    steps: SERVICES.map((service) => {
      const at = random.between(0.15, 0.85);
      return {
        at,
        strike: async ({ fleet, note }) => {
          await fleet.stopOldest(service, 'SIGKILL');
          note(`${service} SIGKILLed at ${percent(at)}`);
          await fleet.start(service);
          note(`${service} restarted`);
        },
      };
    }),
  };
}

/** A second instance of every service joins a quarter in; at 60% the first of each leaves (SIGTERM). */
export function instancesJoinAndLeave(): Fault {
  return {
    id: 'scale',
    name: 'a second instance of each service joins, then one of each leaves',
    steps: [
      {
        at: 0.25,
        strike: async ({ fleet, note }) => {
          await Promise.all(SERVICES.map((service) => fleet.start(service)));
          note(`a second ${SERVICES.join(', ')} joined at ${percent(0.25)}`);
        },
      },
      {
        at: 0.6,
        strike: async ({ fleet, note }) => {
          await Promise.all(SERVICES.map((service) => fleet.stopOldest(service, 'SIGTERM')));
          note(`the first ${SERVICES.join(', ')} left at ${percent(0.6)}`);
        },
      },
    ],
  };
}

/** Every scenario of issue #11, sized by the profile. */
export function faultsOf(profile: FaultProfile): Fault[] {
  return [
    stackStopped('clickhouse', 0.3, profile.clickhouseOutageMs),
    stackStopped('kafka', 0.4, profile.kafkaOutageMs),
    webhookTargetDown(profile.webhookOutageMs, profile.feedMs + 120_000),
    eachServiceKilled(profile.stream.seed),
    instancesJoinAndLeave(),
  ];
}
