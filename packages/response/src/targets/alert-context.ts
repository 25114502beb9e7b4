/**
 * What a person reading the alert would like to know but the contract's alert body
 * does not carry. Optional: formatters that show it (Slack, PagerDuty) leave it out when absent.
 */
export interface AlertContext {
  /** The user the agent was acting for, when the gateway knew it. */
  onBehalfOf?: string;
}
