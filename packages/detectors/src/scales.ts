import type { WindowRateOptions } from '@vigil/baselines';
import type { DetectionConfig } from './config';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** One time scale the window kinds judge at: the base windows (level 0) or a roll-up of them. */
export interface WindowScale {
  readonly level: number;
  readonly ms: number;
  /** A new window starts every hopMs (= ms: tumbling). */
  readonly hopMs: number;
  /** "10m", "1h", "1d": names the scale in anomaly keys. */
  readonly label: string;
  /** Prefix of the anomaly keys of this scale: empty at the base scale, so its ids never change. */
  readonly keyPrefix: string;
  /** Start of the windows relative to the epoch (local midnight for days). */
  readonly offsetMs: number;
  /** Samples (one per hop) the agent's baseline of this scale needs before it is judged. */
  readonly minBaselineSamples: number;
  readonly rateOptions: WindowRateOptions;
  readonly callVolumeMinCalls: number;
  readonly callVolumeMinRatio: number;
  readonly windowBytesMin: number;
  readonly windowBytesMinRatio: number;
  readonly fanoutMinUsers: number;
}

/**
 * The base scale from the config's own thresholds, then each of
 * `windowScales` with its defaults filled in (see config.ts). Throws a
 * RangeError when a scale is not a larger whole multiple of windowMs, or
 * the scales are not in increasing order.
 */
export function resolveScales(config: DetectionConfig): WindowScale[] {
  const base = config.windowMs;
  const hopMs = config.windowHopMs === 0 ? base : config.windowHopMs;
  const baseRates: WindowRateOptions = {
    stepMs: hopMs,
    halfLifeDays: config.baselineHalfLifeDays,
    minBucketSamples: config.minBucketSamples,
    maxZeroFillWindows: config.maxZeroFillWindows,
    utcOffsetMinutes: config.utcOffsetMinutes,
  };
  const scales: WindowScale[] = [
    {
      level: 0,
      ms: base,
      hopMs,
      label: scaleLabel(base),
      keyPrefix: '',
      offsetMs: 0,
      minBaselineSamples: config.minBaselineWindows,
      rateOptions: baseRates,
      callVolumeMinCalls: config.callVolumeMinCalls,
      callVolumeMinRatio: config.callVolumeMinRatio,
      windowBytesMin: config.windowBytesMin,
      windowBytesMinRatio: config.windowBytesMinRatio,
      fanoutMinUsers: config.fanoutMinUsers,
    },
  ];
  let previous = base;
  for (const scale of config.windowScales) {
    const { ms } = scale;
    if (ms <= previous || ms % base !== 0) {
      throw new RangeError(
        `windowScales must be increasing whole multiples of windowMs (${base}) above it; got ${ms}`,
      );
    }
    const hop = scale.hopMs ?? ms;
    if (hop % base !== 0 || ms % hop !== 0) {
      throw new RangeError(
        `windowScales hopMs must be a whole multiple of windowMs (${base}) that divides ms (${ms}); got ${hop}`,
      );
    }
    previous = ms;
    const windows = ms / base;
    // Samples come one per hop: the same history in time takes ms / hop times as many.
    const perHop = hop / base;
    const grow = Math.sqrt(windows);
    const label = scaleLabel(ms);
    scales.push({
      level: scales.length,
      ms,
      hopMs: hop,
      label,
      keyPrefix: `${label}\u0000`,
      offsetMs: localOffset(config.utcOffsetMinutes, base, ms),
      minBaselineSamples:
        ((scale.minBaselineWindows ?? Math.max(3, Math.ceil(DAY / ms))) * ms) / hop,
      rateOptions: {
        ...baseRates,
        stepMs: hop,
        spanMs: ms,
        // The same history in time as the base scale: 3 samples of 10 minutes are half an
        // hour of one day, so one sample of an hour or a day is enough to trust a bucket.
        minBucketSamples: Math.max(1, config.minBucketSamples / perHop),
        maxZeroFillWindows: Math.max(1, Math.ceil(config.maxZeroFillWindows / perHop)),
      },
      callVolumeMinCalls: scale.callVolumeMinCalls ?? Math.round(config.callVolumeMinCalls * grow),
      callVolumeMinRatio: scale.callVolumeMinRatio ?? config.callVolumeMinRatio,
      windowBytesMin: scale.windowBytesMin ?? Math.round(config.windowBytesMin * grow),
      windowBytesMinRatio: scale.windowBytesMinRatio ?? config.windowBytesMinRatio,
      fanoutMinUsers: scale.fanoutMinUsers ?? config.fanoutMinUsers,
    });
  }
  return scales;
}

/** "10m", "1h", "1d", "90m". */
export function scaleLabel(ms: number): string {
  if (ms % DAY === 0) return `${ms / DAY}d`;
  if (ms % HOUR === 0) return `${ms / HOUR}h`;
  if (ms % MINUTE === 0) return `${ms / MINUTE}m`;
  return `${ms}ms`;
}

/**
 * Where windows of `ms` start so that they begin at local midnight (hours:
 * at the local hour), rounded up to a base window boundary so that base
 * windows tile them and the start still falls in the local day it names.
 */
function localOffset(utcOffsetMinutes: number, base: number, ms: number): number {
  const local = mod(-utcOffsetMinutes * MINUTE, ms);
  return mod(Math.ceil(local / base) * base, ms);
}

function mod(value: number, divisor: number): number {
  const r = value % divisor;
  return r < 0 ? r + divisor : r;
}
