import { describe, expect, it } from 'vitest';
import { evaluate, formatEvaluation } from './evaluate';
import { expectEveryAttackCaught, expectFewFalsePositives } from './expect-quality';
import { generateScenario } from './generate';
import { recordEnrichedStream, replayWithRestart, type RestartPlan } from './restart';
import { Random } from './random';

// The detector killed and restarted mid-stream, as test/detector-restart.test.ts does with the real
// services, in the pure core: agent state through JSON, offsets re-read and skipped per agent.
describe.each([7, 2])('detector restarted mid-stream (seed %i)', (seed) => {
  const scenario = generateScenario({
    seed,
    startMs: Date.UTC(2026, 2, 5),
    days: 3,
    agentsPerKind: 30,
  });
  const stream = recordEnrichedStream(scenario, { batchSize: 500, seed });
  const random = new Random(seed);
  const at = (share: number) => Math.floor(stream.length * share);
  const plans: Array<[string, RestartPlan]> = [
    ['saved at the cut, 50%', { cutAt: at(0.5), saveEvery: Infinity }],
    ['30%, saved every 1,500', { cutAt: at(0.3), saveEvery: 1_500 }],
    ['50%, saved every 1,500', { cutAt: at(0.5), saveEvery: 1_500 }],
    ['70%, saved every 1,500', { cutAt: at(0.7), saveEvery: 1_500 }],
    [
      'random batch boundary',
      { cutAt: 500 * random.int(1, stream.length / 500 - 1), saveEvery: 700 },
    ],
  ];

  it('uninterrupted, catches every attack', () => {
    const evaluation = evaluate(scenario, replayWithRestart(stream, {}));
    expectEveryAttackCaught(evaluation);
    expectFewFalsePositives(evaluation);
  });

  it.each(plans)('killed: %s', (_, plan) => {
    const anomalies = replayWithRestart(stream, {}, plan);
    const evaluation = evaluate(scenario, anomalies);
    console.log(`seed ${seed} cut ${plan.cutAt}/${stream.length}\n${formatEvaluation(evaluation)}`);
    expectEveryAttackCaught(evaluation);
    expect(evaluation.falsePositives.map((a) => `${a.kind} ${a.agentId} ${a.eventTime}`)).toEqual(
      [],
    );
  });
});
