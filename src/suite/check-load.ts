/** Semantic checks of the load profile: one model at a time, complete phases, sane ranges. */
import { asArray, field, isRecord } from './context.js';
import type { CheckContext } from './context.js';
import { parseDuration } from './duration.js';

const CLOSED_KEYS = ['vus', 'iterations', 'duration', 'stages', 'thinkTime'];
const OPEN_KEYS = ['phases', 'maxInFlight'];

/** The model a load mapping describes: `model:` when given, else open when it has phases. */
export function loadModel(load: unknown): 'open' | 'closed' {
  const model = field(load, 'model');
  if (model === 'open' || model === 'closed') return model;
  return field(load, 'phases') !== undefined ? 'open' : 'closed';
}

export function checkLoad(ctx: CheckContext): void {
  const load = field(ctx.data, 'load');
  if (!isRecord(load)) return;
  const model = loadModel(load);
  const foreign = model === 'open' ? CLOSED_KEYS : OPEN_KEYS;
  for (const key of foreign) {
    if (!Object.hasOwn(load, key)) continue;
    const other = model === 'open' ? 'closed' : 'open';
    ctx.report(['load', key], 'LOAD_MODEL', `load.${key} belongs to the ${other} model, but this load profile is ${model}`, {
      anchor: 'key',
      hint: model === 'open' ? 'the open model takes phases and maxInFlight' : 'the closed model takes vus, iterations, duration, stages and thinkTime; set model: open to use phases',
    });
  }
  if (model === 'open' && !Object.hasOwn(load, 'phases')) {
    ctx.report(['load'], 'LOAD_MODEL', 'the open model needs phases', { hint: 'e.g. phases: [{ duration: 30s, rate: 50 }]' });
  }
  asArray(load.phases).forEach((phase, i) => checkPhase(ctx, phase, i));
  checkThinkTime(ctx, load.thinkTime);
}

function checkPhase(ctx: CheckContext, phase: unknown, index: number): void {
  if (!isRecord(phase)) return;
  const has = (k: string): boolean => Object.hasOwn(phase, k);
  const path = ['load', 'phases', index];
  if (has('rate') && (has('from') || has('to'))) {
    ctx.report([...path, has('from') ? 'from' : 'to'], 'LOAD_PHASE', `load.phases[${index}] has both rate and from/to`, { anchor: 'key', hint: 'use { duration, rate } for a constant rate or { duration, from, to } for a ramp' });
  } else if (!has('rate') && !(has('from') && has('to'))) {
    ctx.report(path, 'LOAD_PHASE', `load.phases[${index}] needs rate, or from and to`, { hint: 'use { duration, rate } for a constant rate or { duration, from, to } for a ramp' });
  }
}

function checkThinkTime(ctx: CheckContext, thinkTime: unknown): void {
  if (!isRecord(thinkTime)) return;
  const min = parseDuration(thinkTime.min);
  const max = parseDuration(thinkTime.max);
  if (min !== undefined && max !== undefined && min > max) {
    ctx.report(['load', 'thinkTime', 'min'], 'THINK_TIME', 'load.thinkTime.min must not exceed load.thinkTime.max');
  }
}
