import { IsolationCommand, type IsolationAlert } from '@vigil/contracts';
import { manualAlert } from '@vigil/response';
import { decodeJson, runStage, type ServiceContext } from '@vigil/runtime';
import type { DetectorConfig } from './config';
import type { IsolationDesk } from './isolation-desk';

/**
 * People's isolate and release requests (from `vigil` and the console): each becomes an alert
 * raised by the desk, so it goes through the one outbox this process owns, to the same
 * targets, signed, and into `isolations` once. A request read twice is the same alert,
 * which the desk raises once.
 */
export async function startIsolationCommands(
  context: ServiceContext<DetectorConfig>,
  desk: IsolationDesk,
): Promise<void> {
  const { config, logger } = context;
  await runStage<DetectorConfig, IsolationCommand, IsolationAlert[]>(context, {
    topic: config.VIGIL_TOPIC_ISOLATION_COMMANDS,
    groupId: config.DETECTOR_COMMANDS_GROUP_ID,
    decode: (message) => decodeJson(IsolationCommand, message.value),
    handle: (items) =>
      items.map(({ value: command }) => {
        const alert = manualAlert(command);
        logger.warn(
          {
            requestId: command.requestId,
            alertId: alert.alertId,
            agentId: command.agentId,
            action: command.action,
            requestedBy: command.requestedBy,
            requestedAt: command.requestedAt,
          },
          `${command.action} requested by a person`,
        );
        return alert;
      }),
    store: (alerts) => desk.raise(alerts),
  });
}
