import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';

function capture() {
  const lines: string[] = [];
  return { lines, stream: { write: (line: string) => void lines.push(line) } };
}

describe('createLogger', () => {
  it('writes JSON lines that name the service', () => {
    const sink = capture();
    createLogger('collector', 'info', sink.stream).info({ batch: 3 }, 'stored');
    expect(JSON.parse(sink.lines[0] ?? '{}')).toMatchObject({ service: 'collector', batch: 3 });
  });

  it('redacts secrets at the top level and one level down', () => {
    const sink = capture();
    createLogger('detector', 'info', sink.stream).info(
      { secret: 'top-s3cret', target: { password: 'nested-pw', url: 'http://x' } },
      'configured',
    );
    const line = sink.lines.join('');
    expect(line).not.toContain('top-s3cret');
    expect(line).not.toContain('nested-pw');
    expect(line).toContain('http://x');
  });
});
