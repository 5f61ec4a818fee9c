import { describe, expect, it } from 'vitest';
import type { ClosedLoad, Flow } from '../suite/types.js';
import { ClosedModel } from './closed.js';

function flow(name: string, weight = 1): Flow {
  return { name, weight, requires: [], steps: [], loc: { file: 'x', line: 1, col: 1 } };
}

async function drive(
  load: ClosedLoad,
  flows: Flow[],
  delayMs = 0,
  signal = new AbortController().signal,
  partition?: { index: number; count: number },
) {
  const calls: Array<{ flow: string; vu: number; iteration: number; at: number }> = [];
  let concurrent = 0;
  let maxConcurrent = 0;
  const model = new ClosedModel({
    load,
    flows,
    signal,
    stageTickMs: 10,
    ...(partition !== undefined ? { partition } : {}),
    runIteration: async (f, vu, iteration) => {
      calls.push({ flow: f.name, vu, iteration, at: performance.now() });
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
    expect(calls.map(({ at: _at, ...c }) => c)).toEqual([
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

  it('pauses each VU for its think time between iterations', async () => {
    const started = performance.now();
    const { calls } = await drive({ model: 'closed', vus: 2, iterations: 6, thinkTimeMs: { min: 40, max: 60 } }, [flow('a')]);
    expect(calls).toHaveLength(6);
    for (const vu of [1, 2]) {
      const at = calls.filter((c) => c.vu === vu).map((c) => c.at);
      expect(at).toHaveLength(3);
      for (let i = 1; i < at.length; i += 1) expect((at[i] ?? 0) - (at[i - 1] ?? 0)).toBeGreaterThanOrEqual(39);
    }
    expect(performance.now() - started).toBeGreaterThanOrEqual(80);
  });

  it('stages hold the last target after ramping', async () => {
    const { calls } = await drive({ model: 'closed', vus: 1, durationMs: 250, stages: [{ durationMs: 50, target: 3 }] }, [flow('a')], 10);
    expect(new Set(calls.map((c) => c.vu))).toEqual(new Set([1, 2, 3]));
  });

  it('partitions split VUs and the iteration budget without overlap', async () => {
    const load: ClosedLoad = { model: 'closed', vus: 5, iterations: 23 };
    const parts = await Promise.all([0, 1].map((index) => drive(load, [flow('a')], 1, undefined, { index, count: 2 })));
    expect(parts.map((p) => p.calls.length)).toEqual([12, 11]);
    expect(new Set(parts[0]?.calls.map((c) => c.vu))).toEqual(new Set([1, 3, 5]));
    expect(new Set(parts[1]?.calls.map((c) => c.vu))).toEqual(new Set([2, 4]));
  });

  it('runs the once-through profile on the first partition only', async () => {
    const parts = await Promise.all([0, 1].map((index) => drive({ model: 'closed', vus: 1 }, [flow('a'), flow('b')], 0, undefined, { index, count: 2 })));
    expect(parts.map((p) => p.calls.length)).toEqual([2, 0]);
  });
});
