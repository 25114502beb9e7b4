/**
 * The one base of every error Vigil raises on purpose: a `code` callers branch on
 * (never the message), and whether trying the same thing again can help. The stage
 * runtime reads `retriable` (`outageOf`): a Vigil error that is not retriable stops
 * the service at once instead of being waited out like an outage.
 */
export class VigilError<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    readonly retriable = false,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}
