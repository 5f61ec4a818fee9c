/** Both load models: a harness bug thrown by an iteration ends the run with that error, once. */
import { describe, expect, it } from 'vitest';
import type { Flow } from '../suite/types.js';
import { ClosedModel } from './closed.js';
import { OpenModel } from './open.js';

const flow: Flow = { name: 'f', weight: 1, requires: [], steps: [], loc: { file: 'x', line: 1, col: 1 } };

function watchUnhandled(): { count: () => number; stop: () => void } {
  let count = 0;
  const onUnhandled = (): void => void (count += 1);
  process.on('unhandledRejection', onUnhandled);
  return { count: () => count, stop: () => void process.off('unhandledRejection', onUnhandled) };
}

describe('an iteration that throws', () => {
  it('open model: run() rejects with the error after the flows in flight settle; no unhandled rejection', async () => {
    const unhandled = watchUnhandled();
    let started = 0;
    const model = new OpenModel({
      load: { model: 'open', phases: [{ durationMs: 500, from: 100, to: 100 }], maxInFlight: 100 },
      flows: [flow],
      signal: new AbortController().signal,
      onDropped: () => undefined,
      runIteration: async (_f, _vu, j) => {
        started += 1;
        await new Promise((r) => setTimeout(r, 5));
        if (j === 3) throw new Error('boom');
      },
    });
    await expect(model.run()).rejects.toThrow('boom');
    await new Promise((r) => setTimeout(r, 20));
    unhandled.stop();
    expect(unhandled.count()).toBe(0);
    expect(started).toBeLessThan(50); // arrivals stop once the failure is known
  });

  it('closed model with stages: run() rejects instead of an unhandled rejection, other VUs stop', async () => {
    const unhandled = watchUnhandled();
    const model = new ClosedModel({
      load: { model: 'closed', vus: 2, stages: [{ durationMs: 300, target: 2 }] },
      flows: [flow],
      signal: new AbortController().signal,
      stageTickMs: 10,
      runIteration: async (_f, vu, iteration) => {
        await new Promise((r) => setTimeout(r, 5));
        if (vu === 1 && iteration === 2) throw new Error('boom');
      },
    });
    const t0 = performance.now();
    await expect(model.run()).rejects.toThrow('boom');
    expect(performance.now() - t0).toBeLessThan(250);
    await new Promise((r) => setTimeout(r, 20));
    unhandled.stop();
    expect(unhandled.count()).toBe(0);
  });
});

describe('closed model think time', () => {
  it('does not pause after the last iteration', async () => {
    const model = new ClosedModel({
      load: { model: 'closed', vus: 1, iterations: 2, thinkTimeMs: { min: 400, max: 400 } },
      flows: [flow],
      signal: new AbortController().signal,
      runIteration: async () => undefined,
    });
    const t0 = performance.now();
    await model.run();
    const ms = performance.now() - t0;
    expect(ms).toBeGreaterThanOrEqual(390); // one pause between the two iterations
    expect(ms).toBeLessThan(780); // not a second one after the last
  });
});

describe('closed model clock', () => {
  it('starts at run(), not at construction (workers build the model, then wait for the shared start)', async () => {
    let iterations = 0;
    const model = new ClosedModel({
      load: { model: 'closed', vus: 1, durationMs: 200 },
      flows: [flow],
      signal: new AbortController().signal,
      runIteration: async () => {
        iterations += 1;
        await new Promise((r) => setTimeout(r, 10));
      },
    });
    await new Promise((r) => setTimeout(r, 250)); // longer than the whole duration
    const t0 = performance.now();
    await model.run();
    expect(performance.now() - t0).toBeGreaterThanOrEqual(180);
    expect(iterations).toBeGreaterThan(5);
  });
});
