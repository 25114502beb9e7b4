import { describe, expect, it } from 'vitest';
import { expiredFailure, judgeReply, networkFailure, waitBeforeRetry } from './deliver';

const NOW = Date.parse('2026-01-01T00:00:00Z');

describe('judging a delivery attempt', () => {
  it('a 2xx answer delivers the alert', () => {
    expect(judgeReply({ status: 204, retryAfter: null }, NOW)).toBeUndefined();
  });

  it('429 and 5xx are retried and carry the Retry-After wait', () => {
    const limited = judgeReply({ status: 429, retryAfter: '2' }, NOW);
    expect(limited).toMatchObject({
      code: 'VIGIL_RESPONSE_RATE_LIMITED',
      retriable: true,
      retryAfterMs: 2000,
    });
    const failing = judgeReply({ status: 503, retryAfter: null }, NOW);
    expect(failing).toMatchObject({ code: 'VIGIL_RESPONSE_SERVER_ERROR', retriable: true });
  });

  it('any other 4xx is refused for good', () => {
    expect(judgeReply({ status: 400, retryAfter: '5' }, NOW)).toMatchObject({
      code: 'VIGIL_RESPONSE_REJECTED',
      retriable: false,
      status: 400,
      retryAfterMs: undefined,
    });
  });

  it('a request with no answer is retried', () => {
    expect(networkFailure(new Error('connect ECONNREFUSED'))).toMatchObject({
      code: 'VIGIL_RESPONSE_NETWORK',
      retriable: true,
      message: 'request failed: connect ECONNREFUSED',
    });
  });

  it('giving up keeps the last attempt’s failure', () => {
    expect(expiredFailure(300, 'VIGIL_RESPONSE_SERVER_ERROR: receiver answered 503').message).toBe(
      'gave up after 300 ms; last: VIGIL_RESPONSE_SERVER_ERROR: receiver answered 503',
    );
  });

  it('waits out Retry-After only when it ends before the maximum age', () => {
    const limited = judgeReply({ status: 429, retryAfter: '30' }, NOW);
    expect(waitBeforeRetry(limited, 60_000)).toBe(30_000);
    expect(waitBeforeRetry(limited, 5_000)).toBe('give-up');
    expect(waitBeforeRetry(networkFailure(new Error('reset')), 5_000)).toBe(0);
  });
});
