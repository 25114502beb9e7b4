/**
 * Audit messages numbered `from` to `from + count - 1`: agent `i % agents`, `stepMs` of
 * event time apart from 2026-03-02 10:00 UTC, ids `<prefix>-<i>`. Plain traffic for
 * tests that count what is stored rather than what is detected.
 */
export function numberedAuditMessages(
  prefix: string,
  from: number,
  count: number,
  { agents = 50, stepMs = 10 }: { agents?: number; stepMs?: number } = {},
): Array<{ key: string; value: string }> {
  return Array.from({ length: count }, (_, j) => {
    const i = from + j;
    const event = {
      eventId: `${prefix}-${i}`,
      time: new Date(Date.UTC(2026, 2, 2, 10, 0, 0) + i * stepMs).toISOString(),
      agentId: `agent-${i % agents}`,
      method: 'resources/read',
      serverId: 'docs',
      outcome: 'ok',
      resourceUri: `docs://pages/${i}`,
      responseBytes: 100 + (i % 900),
    };
    return { key: event.agentId, value: JSON.stringify(event) };
  });
}
