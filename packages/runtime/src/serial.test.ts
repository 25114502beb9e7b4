import { describe, expect, it } from 'vitest';
import { createSerialQueue } from './serial';

describe('createSerialQueue', () => {
  it('never overlaps two sections', async () => {
    const serial = createSerialQueue();
    const trace: string[] = [];
    const section = (name: string, ms: number) =>
      serial(async () => {
        trace.push(`${name}:start`);
        await new Promise((resolve) => setTimeout(resolve, ms));
        trace.push(`${name}:end`);
      });
    await Promise.all([section('a', 20), section('b', 1)]);
    expect(trace).toEqual(['a:start', 'a:end', 'b:start', 'b:end']);
  });

  it('keeps going after a section fails', async () => {
    const serial = createSerialQueue();
    await expect(serial(async () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    await expect(serial(async () => 1)).resolves.toBe(1);
  });
});
