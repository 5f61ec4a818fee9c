/**
 * Baseline-versus-current comparison. The types live in compare-types.ts and are re-exported
 * here so renderers import them from one place.
 */
export type {
  Comparison,
  ComparedRun,
  ComparedSeries,
  MetricDelta,
  Tolerances,
} from './compare-types.js';
