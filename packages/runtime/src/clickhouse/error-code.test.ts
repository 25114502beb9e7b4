import { describe, expect, it } from 'vitest';
import { clickHouseErrorCode } from './error-code';

describe('clickHouseErrorCode', () => {
  it("reads 18.16's wording, which the client leaves unparsed", () => {
    const error = new Error(
      'Code: 57, e.displayText() = DB::Exception: Table db.t already exists., e.what() = DB::Exception',
    );
    expect(clickHouseErrorCode(error)).toBe('57');
  });

  it("takes the code the client parsed from a current server's answer", () => {
    const error = Object.assign(new Error('Table db.t already exists.'), {
      name: 'ClickHouseError',
      code: '57',
    });
    expect(clickHouseErrorCode(error)).toBe('57');
  });

  it('finds none in an error that is not the server speaking', () => {
    expect(clickHouseErrorCode(new Error('socket hang up'))).toBeUndefined();
    expect(
      clickHouseErrorCode(Object.assign(new Error('x'), { code: 'ECONNRESET' })),
    ).toBeUndefined();
    expect(clickHouseErrorCode('Code: 57, text')).toBeUndefined();
  });
});
