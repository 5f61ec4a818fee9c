import { describe, expect, it } from 'vitest';
import type { ClosedLoad, Flow } from '../suite/types.js';
import { ClosedModel } from './closed.js';

function flow(name: string, weight = 1): Flow {
  return { name, weight, requires: [], steps: [], loc: { file: 'x', line: 1, col: 1 } };
}

async function drive(load: ClosedLoad, flows: Flow[], delayMs = 0, signal = new AbortController().signal) {
  const calls: Array<{ flow: string; vu: number; iteration: number }> = [];
  let concurrent = 0;
  let maxConcurrent = 0;
  const model = new ClosedModel({
    load,
    flows,
    signal,
    stageTickMs: 10,
    runIteration: async (f, vu, iteration) => {
      calls.push({ flow: f.name, vu, iteration });
      concurrent += 1;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      await new Promise((r) => setTimeout(r, delayMs));
      concurrent -= 1;
    },
  });
  await model.run();
  return { calls, maxConcurrent, model };
}

describe('ClosedModel', () => {
  it('runs each flow once on VU 1 when neither iterations nor duration is set', async () => {
    const { calls } = await drive({ model: 'closed', vus: 4 }, [flow('a'), flow('b')]);
    expect(calls).toEqual([
      { flow: 'a', vu: 1, iteration: 0 },
      { flow: 'b', vu: 1, iteration: 1 },
    ]);
  });

  it('shares the iteration budget between VUs and honours weights', async () => {
    const { calls, maxConcurrent, model } = await drive({ model: 'closed', vus: 3, iterations: 12 }, [flow('a', 3), flow('b', 1)], 5);
    expect(calls).toHaveLength(12);
    expect(calls.filter((c) => c.flow === 'a')).toHaveLength(9);
    expect(maxConcurrent).toBe(3);
    expect(new Set(calls.map((c) => c.vu))).toEqual(new Set([1, 2, 3]));
    expect(model.progress()).toMatchObject({ done: 12, total: 12, inFlight: 0 });
  });

  it('stops starting iterations when the duration has elapsed', async () => {
    const started = performance.now();
    const { calls } = await drive({ model: 'closed', vus: 2, durationMs: 120 }, [flow('a')], 10);
    const took = performance.now() - started;
    expect(took).toBeGreaterThanOrEqual(115);
    expect(took).toBeLessThan(1000);
    expect(calls.length).toBeGreaterThan(6);
  });

  it('stops at once on abort', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = performance.now();
    await drive({ model: 'closed', vus: 2, durationMs: 60_000, thinkTimeMs: { min: 5_000, max: 5_000 } }, [flow('a')], 1, controller.signal);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('ramps VUs up and down with stages', async () => {
    const { calls, maxConcurrent } = await drive(
      { model: 'closed', vus: 0, stages: [{ durationMs: 150, target: 4 }, { durationMs: 150, target: 0 }] },
      [flow('a')],
      10,
    );
    expect(maxConcurrent).toBeGreaterThanOrEqual(2);
    expect(maxConcurrent).toBeLessThanOrEqual(4);
    expect(calls.length).toBeGreaterThan(5);
  });
});
