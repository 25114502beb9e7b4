import type { IHeaders, KafkaMessage, Producer } from 'kafkajs';
import { DLQ_HEADERS } from '@vigil/contracts';
import { sendInChunks } from './send-in-chunks';

export interface DeadLetter {
  message: KafkaMessage;
  reason: string;
}

/**
 * Sends messages Vigil cannot use to the dead-letter topic: the original key and
 * bytes untouched, the original headers kept, and the reason and source topic added.
 */
export async function sendToDeadLetter(
  producer: Producer,
  deadLetterTopic: string,
  sourceTopic: string,
  letters: DeadLetter[],
): Promise<void> {
  if (letters.length === 0) return;
  await sendInChunks(
    producer,
    deadLetterTopic,
    letters.map(({ message, reason }) => ({
      key: message.key,
      value: message.value,
      headers: {
        ...copyHeaders(message.headers),
        [DLQ_HEADERS.error]: reason,
        [DLQ_HEADERS.sourceTopic]: sourceTopic,
      },
    })),
  );
}

function copyHeaders(headers: IHeaders | undefined): IHeaders {
  return headers ? { ...headers } : {};
}
