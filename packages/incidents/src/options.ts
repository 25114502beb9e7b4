import { z } from 'zod';

export const IncidentOptions = z.object({
  /**
   * An anomaly joins the agent's latest incident when it comes within this much event time
   * of it (default 2 hours: an attack's stages, spread over window closes, stay one incident,
   * while the same agent misbehaving again the next day is a new one).
   */
  gapMs: z
    .number()
    .int()
    .positive()
    .default(2 * 60 * 60 * 1000),
});
export type IncidentOptions = z.output<typeof IncidentOptions>;
