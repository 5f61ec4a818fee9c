/** Thresholds at load time: grammar, and metrics that exist for this suite. */
import { asArray, field, isRecord } from './context.js';
import type { CheckContext } from './context.js';
import { nameHint } from './check-steps.js';
import { loadModel } from './check-load.js';
import type { DataPath } from './source.js';
import { COUNTER_METRICS, metricsFor, parseThresholdExpression } from './threshold.js';
import type { MetricKind } from './threshold.js';
import type { RawFlow } from './walk.js';

/** One expression as written, with where it sits. */
export interface RawThreshold {
  metric: string;
  expression: string;
  /** Path of the expression string. */
  path: DataPath;
  options: Record<string, unknown>;
}

/** Flattens `metric: expr | [expr, …] | { expr, … } | [{ expr, … }, …]` into single expressions. */
export function rawThresholds(data: unknown): RawThreshold[] {
  const thresholds = field(data, 'thresholds');
  if (!isRecord(thresholds)) return [];
  const out: RawThreshold[] = [];
  for (const [metric, entry] of Object.entries(thresholds)) {
    const items = Array.isArray(entry) ? entry.map((item, i) => [item, [i]] as const) : [[entry, []] as const];
    for (const [item, sub] of items) {
      const base: DataPath = ['thresholds', metric, ...sub];
      if (typeof item === 'string') out.push({ metric, expression: item, path: base, options: {} });
      else if (isRecord(item) && typeof item.expr === 'string') out.push({ metric, expression: item.expr, path: [...base, 'expr'], options: item });
    }
  }
  return out;
}

export function checkThresholds(ctx: CheckContext, flows: RawFlow[]): void {
  const open = loadModel(field(ctx.data, 'load')) === 'open';
  const metrics = metricsFor({
    open,
    flows: flows.map((f) => ({
      name: f.name ?? '',
      steps: f.steps.flatMap((s) => (s.kinds.length === 1 && s.kinds[0] !== undefined && s.name !== undefined ? [{ name: s.name, kind: s.kinds[0] }] : [])),
    })),
  });
  const reported = new Set<string>();
  for (const t of rawThresholds(ctx.data)) {
    const kind = metrics.get(t.metric);
    if (kind === undefined) {
      if (!reported.has(t.metric)) unknownMetric(ctx, t.metric, metrics, open);
      reported.add(t.metric);
    }
    checkExpression(ctx, t, kind);
  }
  for (const [metric, entry] of Object.entries(field(ctx.data, 'thresholds') ?? {})) {
    if (Array.isArray(entry) && asArray(entry).length === 0) {
      ctx.report(['thresholds', metric], 'EMPTY', `threshold "${metric}" has no expressions`);
    }
  }
}

function unknownMetric(ctx: CheckContext, metric: string, metrics: Map<string, MetricKind>, open: boolean): void {
  let hint = nameHint(metric, metrics.keys(), 'metrics');
  if (!open && metric.endsWith('.duration_uncorrected')) hint = 'duration_uncorrected exists in the open model only (load.phases)';
  ctx.report(['thresholds', metric], 'UNKNOWN_METRIC', `unknown metric "${metric}" in thresholds`, { anchor: 'key', hint });
}

function checkExpression(ctx: CheckContext, t: RawThreshold, kind: MetricKind | undefined): void {
  let parsed = parseThresholdExpression(t.expression, kind);
  if (!('error' in parsed) && COUNTER_METRICS.has(t.metric) && parsed.aggregate !== 'count') {
    parsed = { error: `only "count" applies to a counter, not "${parsed.aggregate}"`, col: t.expression.search(/\S/) + 1 };
  }
  if (!('error' in parsed)) return;
  const at = ctx.source.locateText(t.path, t.expression, parsed.col - 1);
  ctx.report(t.path, 'THRESHOLD_SYNTAX', `threshold "${t.metric}": ${parsed.error} in "${t.expression}"`, {
    at,
    hint: 'write <aggregate> <op> <value>, e.g. p(95) < 2s, avg < 100ms, rate < 1%, count > 0',
  });
}
