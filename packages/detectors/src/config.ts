import { z } from 'zod';
import { DEFAULT_ALLOWED_LATENESS_MS } from '@vigil/contracts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const MB = 1_000_000;
/**
 * 50,000 busy agents at 32 KB each (the core bench's 23.6 KB of heap, and
 * 8.5 KB of rate baselines' buffers outside it) are about 1.6 GB, 1.2 GB of it
 * heap: well inside Node's default heap limit of about 4 GB, and 160 times the
 * largest fleet of the detection bench (300 agents).
 */
export const DEFAULT_MAX_AGENTS = 50_000;

const positiveInt = (fallback: number, why: string) =>
  z.number().int().positive().default(fallback).describe(why);
const nonNegativeInt = (fallback: number, why: string) =>
  z.number().int().nonnegative().default(fallback).describe(why);
const positive = (fallback: number, why: string) =>
  z.number().positive().default(fallback).describe(why);
const probability = (fallback: number, why: string) =>
  z.number().gt(0).lt(1).default(fallback).describe(why);

/**
 * Every threshold the detectors use, with its default and why. Thresholds
 * require both a statistical surprise (a z or a ratio) and an absolute floor,
 * so that small-number noise never fires: the injected attacks are blatant,
 * and precision (at most 1 false positive per 10,000 benign events) matters
 * more than catching the borderline.
 */
export const DetectionConfig = z.object({
  // Windows and time
  windowMs: positiveInt(
    10 * MINUTE,
    'Window size for the window kinds (call volume, window bytes, fanout).',
  ),
  windowHopMs: nonNegativeInt(0, 'Hop of hopping windows; 0 means tumbling windows (hop = size).'),
  windowScales: z
    .array(
      z.object({
        ms: z
          .number()
          .int()
          .positive()
          .describe(
            'Window length: a whole multiple of windowMs, larger than it; lengths strictly increasing.',
          ),
        hopMs: z
          .number()
          .int()
          .positive()
          .optional()
          .describe(
            'A new window of this length starts every hopMs: a whole multiple of windowMs that divides ms (default: ms, tumbling). Overlapping windows see a slow attack whole wherever it starts: the best one holds at least ms − hopMs/2 of any stretch ms long.',
          ),
        minBaselineWindows: z
          .number()
          .positive()
          .optional()
          .describe(
            'Windows of this length the agent’s own baseline needs before this scale is judged (default: a day’s worth, at least 3).',
          ),
        callVolumeMinCalls: z
          .number()
          .int()
          .positive()
          .optional()
          .describe(
            'Calls below this never fire at this scale (default: callVolumeMinCalls × √(ms / windowMs)).',
          ),
        callVolumeMinRatio: z
          .number()
          .positive()
          .optional()
          .describe('Calls ratio to the expectation at this scale (default: callVolumeMinRatio).'),
        windowBytesMin: z
          .number()
          .int()
          .positive()
          .optional()
          .describe(
            'Bytes below this never fire at this scale (default: windowBytesMin × √(ms / windowMs)).',
          ),
        windowBytesMinRatio: z
          .number()
          .positive()
          .optional()
          .describe('Bytes ratio to the expectation at this scale (default: windowBytesMinRatio).'),
        fanoutMinUsers: z
          .number()
          .int()
          .positive()
          .optional()
          .describe('Fewer distinct users never fire at this scale (default: fanoutMinUsers).'),
      }),
    )
    .default([
      {
        ms: HOUR,
        hopMs: 20 * MINUTE,
        minBaselineWindows: 24,
        callVolumeMinCalls: 100,
        callVolumeMinRatio: 4,
        windowBytesMin: 10 * MB,
      },
      {
        ms: DAY,
        hopMs: 12 * HOUR,
        minBaselineWindows: 2,
        callVolumeMinCalls: 1_000,
        windowBytesMin: 5 * MB,
        windowBytesMinRatio: 10,
      },
    ])
    .describe(
      [
        'Longer windows the window kinds are also judged over, rolled up from the base windows',
        '(each base window, when it closes, is added to every open window of each scale that contains it),',
        'so slow attacks spread below every 10-minute threshold still stand out; [] judges 10-minute windows only.',
        'They overlap (an hour every 20 minutes, a day every 12 hours), so a slow attack is seen nearly whole',
        'wherever it starts: tumbling hours split an hour-long harvest in two, tumbling days a night-long one.',
        'The windows that see one attack report one anomaly (one cause), the fullest view in its latest version.',
        'Hours and days start at local time (utcOffsetMinutes, rounded up to a multiple of windowMs).',
        'Each scale has its own per-agent baseline (by the hour of day its windows start × weekday/weekend),',
        'judged only for mature agents once it holds minBaselineWindows (warming-up agents are judged',
        'against their peers at the base scale only), with the same z rule and learn caps.',
        'Floors: 15 distinct users is worth a look at any scale, so fanoutMinUsers stays; calls and bytes',
        'floors grow with the window, but less than its length, since a slow attack is only ever a few',
        'times an agent’s usual (1 h: 100 calls, 10 MB, the 10-minute floor, since the largest window an agent learned (windowBytesPeakRatio) now guards heavy tails; 1 day: 1,000 calls, 5 MB: a day’s bytes sum hundreds of calls, so a few MB far above an agent’s usual day is a harvest, not a spike).',
        'Sums over more windows vary less relative to their mean, so the ratios drop: calls 4× over an hour',
        '(5× at 10 minutes); bytes 10× over a day (30× at 10 minutes, where one large query makes a spike).',
      ].join(' '),
    ),
  earlyFiring: z
    .boolean()
    .default(true)
    .describe(
      'Judge the open 10-minute window of the window kinds whenever its calls, bytes or distinct users reach what could make it fire, so a burst is reported at the event that crosses the threshold, not when the window closes; the close reports the final value as the next version of the same anomaly.',
    ),
  allowedLatenessMs: nonNegativeInt(
    DEFAULT_ALLOWED_LATENESS_MS,
    'Events up to this far behind the newest event still count (contract: 5 minutes; the services set it from VIGIL_ALLOWED_LATENESS_MS).',
  ),
  idlePartitionMs: positiveInt(
    15 * MINUTE,
    'A partition this far (event time) behind the newest stops holding the watermark back, unless the shell says it still has input (setPartitionBacklog): then it holds regardless, so reading a backlog in per-partition batches makes nothing late.',
  ),

  maxAgents: positiveInt(
    DEFAULT_MAX_AGENTS,
    'Agents tracked at most, so a flood of distinct agent ids cannot exhaust memory: a new agent past it evicts the least recently seen agent on probation, or when none is, the least recently seen protected one (agent-recency.ts). The detector service sets it from DETECTOR_MAX_AGENTS.',
  ),
  protectedAgentsShare: probability(
    0.8,
    'Share of maxAgents the protected segment (agents with history) may hold; the rest is left to newcomers, so a full fleet still admits new agents without evicting an established one.',
  ),
  protectedMinCalls: positiveInt(
    50,
    'A mature agent (warmupMs of its own event time) is protected from eviction once it made this many calls: an attacker must keep each sprayed id busy for a day to make it compete with real baselines.',
  ),
  maxServersPerAgent: positiveInt(
    256,
    'Distinct servers one agent is tracked on; its calls to further servers count under one `{other servers}` (judged once, as one new server), so a spray of server ids cannot exhaust memory.',
  ),
  maxToolsPerServer: positiveInt(
    1_024,
    'Distinct tools and methods one agent is tracked with on a server; further ones count under one `{other tools}` of that server.',
  ),
  maxServers: positiveInt(
    20_000,
    'Distinct servers the population keeps records and resource trees for; an agent’s call to a server past it counts under its `{other servers}`.',
  ),
  dedupeCapacity: nonNegativeInt(
    200_000,
    'Recent event ids remembered to count a redelivered event once; 0 disables.',
  ),
  utcOffsetMinutes: z
    .number()
    .int()
    .min(-840)
    .max(840)
    .default(0)
    .describe('Local time of the daily rhythm buckets.'),
  resourceTreeMaxChildren: positiveInt(
    32,
    'A resource path position with more distinct values than this becomes a variable ({*}): values that keep appearing are identifiers.',
  ),
  resourceTreeMaxNodes: positiveInt(
    20_000,
    'Nodes one server’s resource tree may hold; past that a position that needs a new value becomes a variable.',
  ),
  resourceTreeMaxDepth: positiveInt(
    16,
    'Resource path segments kept apart; deeper ones share one node.',
  ),

  // Baselines
  warmupMs: positiveInt(
    DAY,
    'An agent younger than this (event time) is compared with its peers, not with itself.',
  ),
  baselineHalfLifeDays: positive(
    7,
    'Rate baselines forget: a window weighs half after this many days.',
  ),
  minBucketSamples: positive(
    3,
    'Fewer samples in an hour-of-day bucket: use the overall rate instead.',
  ),
  minBaselineWindows: positive(
    36,
    'Windows (6 h at 10 min) before an agent’s own rate baseline is trusted at all.',
  ),
  maxZeroFillWindows: positiveInt(
    1008,
    'Longest idle gap (one week of 10-minute windows) counted as zero windows.',
  ),
  sizeHalfLifeCalls: positive(
    1000,
    'Per-call size baselines forget: a call weighs half after this many calls.',
  ),
  minSizeSamples: positiveInt(20, 'Calls before a size baseline is trusted.'),

  // Peers and population
  minPeers: positiveInt(3, 'Mature peers needed before a warming-up agent is compared with them.'),
  knownMinEstablishedAgents: positiveInt(
    3,
    'A resource shape or tool with this many established users (mature agents whose own first use was not reported) is not new (to a warming-up agent: also a server). Several, so that one attacker or one odd agent never makes a sensitive thing look familiar.',
  ),
  minPopulationAgents: positiveInt(
    5,
    'Mature agents needed before anything is called new: before that everything is new.',
  ),
  surgeMinExpected: positive(
    2,
    'Only windows expecting at least this much take part in estimating a population surge.',
  ),
  surgeMinAgents: positiveInt(5, 'Agents needed in a peer group to measure its surge.'),
  maxSurgeFactor: positive(4, 'A population surge raises expectations by at most this factor.'),

  // Call volume
  callVolumeMinRatio: positive(
    5,
    'Calls in a window must be at least this multiple of the expectation.',
  ),
  callVolumeMinZ: positive(
    5,
    'Calls must be at least this many standard deviations above the expectation.',
  ),
  callVolumeMinCalls: positiveInt(
    100,
    'Calls in a window below this never fire (small numbers are noise).',
  ),

  // Payload size
  payloadMinRatio: positive(50, 'One response must be at least this multiple of the typical size.'),
  payloadMinZ: positive(
    4,
    'One response must be this many standard deviations above typical, on a log scale.',
  ),
  payloadMinBytes: positiveInt(5 * MB, 'Responses below this size never fire.'),
  payloadSdLogFloor: positive(
    0.25,
    'Smallest spread assumed on the log10 size scale (a factor of ~1.8).',
  ),
  windowBytesMinRatio: positive(
    30,
    'Bytes in a window must be at least this multiple of the expectation (sums of heavy-tailed sizes spike).',
  ),
  windowBytesMinZ: positive(
    5,
    'Bytes in a window must be this many standard deviations above the expectation.',
  ),
  windowBytesMin: positiveInt(
    10 * MB,
    'Bytes in a window below this never fire (benign bursts of large queries reach a few MB).',
  ),
  windowBytesPeakRatio: positive(
    2,
    'Bytes in a window must also be this multiple of the largest window the agent’s own baseline learned lately, at any hour (decayed with baselineHalfLifeDays): heavy-tailed sizes (a CI runner’s artifact downloads) reach their own peaks now and then without being anomalous.',
  ),
  windowLearnMaxZ: positive(
    3,
    'A window baseline (bytes, distinct users) learns at most this many standard deviations above its expectation from one window: a burst under the absolute floor (the first half of an incident split across two windows) must not lift the expectation the next window is judged against.',
  ),
  bytesSdFloorFraction: positive(
    0.5,
    'Smallest standard deviation assumed for window bytes, as a fraction of the mean.',
  ),

  // Principal fanout
  fanoutMinRatio: positive(
    4,
    'Distinct users in a window must be at least this multiple of the expectation.',
  ),
  fanoutMinZ: positive(
    5,
    'Distinct users must be this many standard deviations above the expectation.',
  ),
  fanoutMinUsers: positiveInt(15, 'Fewer distinct users than this in a window never fire.'),

  // Identity kinds: how often a benign agent would show this, per window (their score is -10·log10 of it).
  tokenMisuseProbability: probability(
    1e-8,
    'Prior chance of a benign foreign or mismatched token (score 80).',
  ),
  revokedTokenProbability: probability(
    1e-7,
    'Prior chance of a benign use of a revoked token (score 70).',
  ),

  // Output
  causeMemoryMs: positiveInt(
    DAY,
    'A cause (a burst of one window kind, a token, a resource, a tool definition) that repeats within this long of its previous occurrence updates its anomaly (next version, count + 1) instead of adding one. At least the longest window scale, so that every scale that sees one burst reports the same anomaly.',
  ),
  minScore: z
    .number()
    .min(0)
    .max(100)
    .default(30)
    .describe('Anomalies scoring below this are not emitted.'),
});
export type DetectionConfig = z.infer<typeof DetectionConfig>;
export type DetectionConfigInput = z.input<typeof DetectionConfig>;
