import { describe, expect, it } from 'vitest';
import { lookupHorizon, mayBeStored } from './lookup-horizon';

describe('mayBeStored', () => {
  it('nothing stored and nothing forgotten: no event needs a lookup', () => {
    expect(mayBeStored('2026-03-02 10:00:00', lookupHorizon(undefined, undefined))).toBe(false);
  });

  it('an event at or before the latest stored time, or within an hour after it, needs a lookup', () => {
    const horizon = lookupHorizon('2026-03-02 10:00:00', undefined);
    expect(mayBeStored('2026-03-01 08:00:00', horizon)).toBe(true);
    expect(mayBeStored('2026-03-02 10:59:59', horizon)).toBe(true);
    expect(mayBeStored('2026-03-02 11:00:01', horizon)).toBe(false);
  });

  it('an event at or before the latest forgotten id needs a lookup', () => {
    const horizon = lookupHorizon('2026-03-02 10:00:00', '2026-03-02 12:00:00');
    expect(mayBeStored('2026-03-02 11:30:00', horizon)).toBe(true);
    expect(mayBeStored('2026-03-02 12:00:01', horizon)).toBe(false);
  });

  it('an event whose time does not fit a DateTime always needs a lookup', () => {
    const horizon = lookupHorizon(undefined, undefined);
    expect(mayBeStored('1969-12-31 23:59:59', horizon)).toBe(true);
    expect(mayBeStored('2200-01-01 00:00:00', horizon)).toBe(true);
  });

  it('a stored time that cannot be read makes every event need a lookup', () => {
    expect(mayBeStored('2100-01-01 00:00:00', lookupHorizon('garbage', undefined))).toBe(true);
  });
});
