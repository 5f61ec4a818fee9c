/**
 * Threshold expressions: `<aggregate> <op> <value>`, e.g. `p(95) < 2s`, `rate < 1%`.
 * The grammar is documented in src/suite/README.md ("Thresholds"); keep the two in step.
 */
import type { Step, Suite, ThresholdCondition } from './types.js';

export type MetricKind = 'duration' | 'rate' | 'count';

export type ThresholdParse = ThresholdCondition | { error: string; /** 1-based column in the expression. */ col: number };

const AGGREGATES = ['avg', 'min', 'max', 'count', 'rate'] as const;
const DURATION_UNIT_US: Readonly<Record<string, number>> = { us: 1, 'µs': 1, ms: 1_000, s: 1_000_000, m: 60_000_000 };

interface Cursor {
  text: string;
  pos: number;
}

type Step1<T> = T | { error: string; col: number };

function skipSpace(c: Cursor): void {
  while (c.pos < c.text.length && /\s/.test(c.text[c.pos] ?? '')) c.pos++;
}

function fail(c: Cursor, error: string, at = c.pos): { error: string; col: number } {
  return { error, col: at + 1 };
}

function readAggregate(c: Cursor): Step1<Pick<ThresholdCondition, 'aggregate' | 'percentile'>> {
  const rest = c.text.slice(c.pos);
  const p = /^p\(\s*([^)]*?)\s*\)/.exec(rest);
  if (p !== null) {
    const n = Number(p[1]);
    if (p[1] === '' || !Number.isFinite(n) || n <= 0 || n > 100) {
      return fail(c, `percentile must be a number with 0 < N <= 100, got "${p[1] ?? ''}"`, c.pos + 2);
    }
    c.pos += p[0].length;
    return { aggregate: 'p', percentile: n };
  }
  const word = /^[A-Za-z_]\w*/.exec(rest)?.[0];
  const known = AGGREGATES.find((a) => a === word);
  if (known === undefined) {
    const what = word === undefined ? `"${rest.slice(0, 1)}"` : `"${word}"`;
    return fail(c, `expected an aggregate (p(N), avg, min, max, count, rate), got ${rest === '' ? 'nothing' : what}`);
  }
  c.pos += known.length;
  return { aggregate: known };
}

function readOp(c: Cursor): Step1<ThresholdCondition['op']> {
  const op = /^(<=|>=|==|!=|<|>)/.exec(c.text.slice(c.pos))?.[1] as ThresholdCondition['op'] | undefined;
  if (op === undefined) {
    const got = c.pos >= c.text.length ? 'nothing' : `"${c.text.slice(c.pos, c.pos + 2).trim()}"`;
    return fail(c, `expected an operator (<, <=, >, >=, ==, !=), got ${got}`);
  }
  c.pos += op.length;
  return op;
}

interface RawValue {
  number: number;
  /** The digits as written, so that 99.9% becomes exactly 0.999. */
  text: string;
  unit: string | undefined;
  col: number;
}

function readValue(c: Cursor): Step1<RawValue> {
  const match = /^(-?\d+(?:\.\d+)?)\s*(us|µs|ms|s|m|%)?(?![\w%])/.exec(c.text.slice(c.pos));
  if (match === null) {
    const got = c.pos >= c.text.length ? 'nothing' : `"${c.text.slice(c.pos).trim()}"`;
    return fail(c, `expected a number with an optional unit (us, ms, s, m, %), got ${got}`);
  }
  const value = { number: Number(match[1]), text: match[1] ?? '0', unit: match[2], col: c.pos + 1 };
  c.pos += match[0].length;
  return value;
}

function isError(v: unknown): v is { error: string; col: number } {
  return typeof v === 'object' && v !== null && 'error' in v;
}

/**
 * Parses an expression. Without `kind`, values are normalised by their unit alone (durations
 * to µs, `%` to a fraction, bare numbers kept). With the metric's kind, the aggregate and unit
 * are also checked against it, and a bare number on a duration metric means milliseconds.
 */
export function parseThresholdExpression(text: string, kind?: MetricKind): ThresholdParse {
  const c: Cursor = { text, pos: 0 };
  skipSpace(c);
  const aggStart = c.pos;
  const agg = readAggregate(c);
  if (isError(agg)) return agg;
  skipSpace(c);
  const op = readOp(c);
  if (isError(op)) return op;
  skipSpace(c);
  const raw = readValue(c);
  if (isError(raw)) return raw;
  skipSpace(c);
  if (c.pos < text.length) return fail(c, `unexpected "${text.slice(c.pos)}" after the value`);
  const value = normalise(agg.aggregate, raw, kind, aggStart);
  if (isError(value)) return value;
  return agg.percentile === undefined ? { aggregate: agg.aggregate, op, value } : { ...agg, op, value };
}

function normalise(
  aggregate: ThresholdCondition['aggregate'],
  raw: RawValue,
  kind: MetricKind | undefined,
  aggStart: number,
): number | { error: string; col: number } {
  const agg = { col: aggStart + 1 };
  if (kind === 'rate' && aggregate !== 'rate' && aggregate !== 'count') {
    return { error: `a rate metric takes "rate" (or "count" of its hits), not "${aggregate}"`, ...agg };
  }
  if (kind !== undefined && kind !== 'rate' && aggregate === 'rate') {
    return { error: `"rate" applies to rate metrics only; this is a ${kind} metric`, ...agg };
  }
  if (raw.unit === '%' || aggregate === 'rate') return rateValue(aggregate, raw);
  if (raw.unit !== undefined) {
    if (aggregate === 'count' || kind === 'count') return { error: `a count takes a plain number, not "${raw.unit}"`, col: raw.col };
    return raw.number * (DURATION_UNIT_US[raw.unit] ?? 1);
  }
  if (kind === 'duration' && aggregate !== 'count') return raw.number * 1_000;
  return raw.number;
}

function rateValue(aggregate: ThresholdCondition['aggregate'], raw: RawValue): number | { error: string; col: number } {
  if (aggregate !== 'rate') return { error: '"%" applies to the "rate" aggregate only', col: raw.col };
  if (raw.unit !== undefined && raw.unit !== '%') return { error: `a rate takes a percentage or a fraction, not "${raw.unit}"`, col: raw.col };
  const fraction = raw.unit === '%' ? Number(`${raw.text}e-2`) : raw.number;
  if (fraction < 0 || fraction > 1) return { error: 'a rate is a fraction from 0 to 1 or a percentage from 0% to 100%', col: raw.col };
  return fraction;
}

/** Per-kind step measures (see src/metrics/recorder.ts). */
const STEP_MEASURES: Readonly<Record<Step['kind'], ReadonlyArray<[string, MetricKind]>>> = {
  request: [['latency', 'duration']],
  message: [['latency', 'duration']],
  blast: [['latency', 'duration'], ['rps', 'count'], ['bytes', 'count']],
  poll: [['latency', 'duration'], ['attempts', 'count'], ['attempt_latency', 'duration']],
  stream: [['latency', 'duration'], ['first_event', 'duration'], ['max_gap', 'duration'], ['events', 'count']],
  upload: [['latency', 'duration'], ['presign', 'duration'], ['put', 'duration'], ['finalize', 'duration']],
};

/** Plain counters: only `count` applies to them (no distribution to take percentiles of). */
export const COUNTER_METRICS: ReadonlySet<string> = new Set(['http.requests', 'iterations', 'dropped']);

const GLOBAL_METRICS: ReadonlyArray<[string, MetricKind]> = [
  ['http.latency', 'duration'],
  ['http.requests', 'count'],
  ['http.errors', 'rate'],
  ['checks', 'rate'],
  ['flows.failed', 'rate'],
  ['iterations', 'count'],
  ['dropped', 'count'],
  ['stream.first_event', 'duration'],
];

/** The shape knownMetrics needs: flow and step names and step kinds. */
export interface MetricSource {
  open: boolean;
  flows: ReadonlyArray<{ name: string; steps: ReadonlyArray<{ name: string; kind: Step['kind'] }> }>;
}

/** Every metric name a threshold may use for this suite, with its kind. */
export function metricsFor(source: MetricSource): Map<string, MetricKind> {
  // Suite-specific names first: hints list the most relevant ones.
  const metrics = new Map<string, MetricKind>();
  for (const flow of source.flows) {
    metrics.set(`flow.${flow.name}.duration`, 'duration');
    if (source.open) metrics.set(`flow.${flow.name}.duration_uncorrected`, 'duration');
    for (const step of flow.steps) {
      for (const [measure, kind] of STEP_MEASURES[step.kind]) metrics.set(`step.${step.name}.${measure}`, kind);
    }
  }
  for (const [name, kind] of GLOBAL_METRICS) metrics.set(name, kind);
  return metrics;
}

/** Every metric name a threshold may use for this suite, with its kind. */
export function knownMetrics(suite: Suite): Map<string, MetricKind> {
  return metricsFor({ open: suite.load.model === 'open', flows: suite.flows });
}
