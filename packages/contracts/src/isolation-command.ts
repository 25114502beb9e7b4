import { z } from 'zod';
import { IsolationAlert } from './isolation-alert';
import { rfc3339 } from './time';

/**
 * A person's request to isolate or release an agent (internal topic, CLI and console →
 * the detector, which owns the outbox and delivers; the incidents stage reads releases).
 * Validated where it enters each of them, like any message from outside the service.
 */
export const IsolationCommand = z.object({
  /** Derived from the request's content: a command sent twice is one alert. */
  requestId: z.string().min(1).max(128),
  agentId: z.string().min(1),
  action: z.enum(['isolate', 'release']),
  requestedBy: z.string().min(1).max(200),
  requestedAt: rfc3339,
  reason: z.string().trim().min(1).max(1000),
  /** The agent's anomalies the request rests on: the alert names them (the contract wants at least one). */
  anomalies: IsolationAlert.shape.anomalies,
});
export type IsolationCommand = z.infer<typeof IsolationCommand>;
