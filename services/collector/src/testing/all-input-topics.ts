import { INPUT_FORMATS, inputTopics } from '../formats/input-formats';

/** Every input format enabled, each read from a topic named after it. */
export const ALL_INPUT_TOPICS = inputTopics({
  COLLECTOR_INPUTS: [...INPUT_FORMATS],
  VIGIL_TOPIC_AUDIT: 'audit',
  VIGIL_TOPIC_OTLP: 'otlp',
  VIGIL_TOPIC_AGENTGATEWAY: 'agentgateway',
  VIGIL_TOPIC_DOCKER_GATEWAY: 'docker',
});
