import { describe, expect, it } from 'vitest';
import { VigilError } from './vigil-error';

class ExampleError extends VigilError<'VIGIL_EXAMPLE'> {}

describe('VigilError', () => {
  it('carries its code, says it cannot be retried unless told, and is named after its class', () => {
    const error = new ExampleError('VIGIL_EXAMPLE', 'bad input');
    expect(error).toBeInstanceOf(VigilError);
    expect(error).toMatchObject({ code: 'VIGIL_EXAMPLE', retriable: false, name: 'ExampleError' });
    expect(new VigilError('VIGIL_EXAMPLE', 'try later', true).retriable).toBe(true);
  });
});
