/** A minimal valid audit event for the collector's unit tests. */
export const validEvent = {
  eventId: 'e-1',
  time: '2026-03-02T10:15:00Z',
  agentId: 'sales-5',
  method: 'tools/call',
  serverId: 'crm',
  outcome: 'ok',
};
