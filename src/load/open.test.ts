import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import type { Flow, OpenLoad } from '../suite/types.js';
import { OpenModel } from './open.js';

function flow(name: string, weight = 1): Flow {
  return { name, weight, requires: [], steps: [], loc: { file: 'x', line: 1, col: 1 } };
}

interface Call {
  flow: string;
  vu: number;
  j: number;
  lateMs: number;
}

async function drive(load: OpenLoad, flows: Flow[], workMs: number, partition?: { index: number; count: number }) {
  const calls: Call[] = [];
  const dropped: string[] = [];
  const model = new OpenModel({
    load,
    flows,
    signal: new AbortController().signal,
    ...(partition !== undefined ? { partition } : {}),
    onDropped: (f) => void dropped.push(f.name),
    runIteration: async (f, vu, j, intended) => {
      calls.push({ flow: f.name, vu, j, lateMs: performance.now() - intended });
      await new Promise((r) => setTimeout(r, workMs));
    },
  });
  await model.run();
  return { calls, dropped, model };
}

describe('OpenModel', () => {
  it('starts the planned arrivals on time, weighted, and waits for them', async () => {
    const started = performance.now();
    const { calls, model } = await drive({ model: 'open', phases: [{ durationMs: 400, from: 50, to: 50 }], maxInFlight: 100 }, [flow('a', 3), flow('b', 1)], 5);
    expect(calls).toHaveLength(20);
    expect(calls.filter((c) => c.flow === 'a')).toHaveLength(15);
    expect(performance.now() - started).toBeGreaterThanOrEqual(380);
    expect(model.progress()).toMatchObject({ done: 20, inFlight: 0, dropped: 0, arrived: 20, planned: 20 });
  });

  it('drops arrivals beyond maxInFlight instead of queueing them', async () => {
    const { calls, dropped } = await drive({ model: 'open', phases: [{ durationMs: 300, from: 100, to: 100 }], maxInFlight: 2 }, [flow('a')], 200);
    expect(calls.length + dropped.length).toBe(30);
    expect(dropped.length).toBeGreaterThan(20);
    expect(Math.max(...calls.map((c) => c.vu))).toBeLessThanOrEqual(2);
  });

  it('catches up after a stalled event loop: late arrivals start at once, none skipped', async () => {
    const load: OpenLoad = { model: 'open', phases: [{ durationMs: 300, from: 100, to: 100 }], maxInFlight: 1000 };
    const calls: Call[] = [];
    const model = new OpenModel({
      load,
      flows: [flow('a')],
      signal: new AbortController().signal,
      onDropped: () => undefined,
      runIteration: async (f, vu, j, intended) => {
        calls.push({ flow: f.name, vu, j, lateMs: performance.now() - intended });
        if (j === 5) {
          const until = performance.now() + 100;
          while (performance.now() < until); // stalls the loop on purpose
        }
      },
    });
    await model.run();
    expect(calls).toHaveLength(30);
    expect(calls.map((c) => c.j)).toEqual([...Array(30).keys()]);
    expect(Math.max(...calls.map((c) => c.lateMs))).toBeGreaterThan(50);
  });

  it('two partitions together run the single-process arrivals and flows', async () => {
    const load: OpenLoad = { model: 'open', phases: [{ durationMs: 300, from: 20, to: 80 }], maxInFlight: 10 };
    const flows = [flow('a', 2), flow('b', 1)];
    const whole = await drive(load, flows, 1);
    const parts = await Promise.all([0, 1].map((index) => drive(load, flows, 1, { index, count: 2 })));
    const union = parts.flatMap((p) => p.calls.map((c) => [c.j, c.flow] as const)).sort((x, y) => x[0] - y[0]);
    expect(union).toEqual(whole.calls.map((c) => [c.j, c.flow] as const));
    expect(new Set(parts[1]?.calls.map((c) => c.vu % 2))).toEqual(new Set([0]));
  });
});
