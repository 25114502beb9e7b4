/** Headers on every dead-lettered message. */
export const DLQ_HEADERS = {
  error: 'vigil-error',
  sourceTopic: 'vigil-source-topic',
} as const;
