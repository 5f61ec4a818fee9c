/** What every figure gets to run with, and what it hands back for the table and results.md. */

export interface BenchConfig {
  /** dist/cli/main.js (built before the bench starts). */
  distMain: string;
  /** Scratch folder for suites and reports, removed at the end. */
  tmp: string;
  /** Length of one round of a comparison, s. */
  roundSeconds: number;
  rounds: number;
  /** Connections (and VUs) of the throughput comparisons. */
  connections: number;
  log: (line: string) => void;
  /** Which optional CLI flags the `run` command accepts in this build. */
  cli: { workers: boolean; rate: boolean };
}

export interface FigureRow {
  label: string;
  /** The measured value as printed (ratio, ms, …). */
  measured: string;
  /** The goal as printed, when the row has one. */
  goal?: string;
  /** Whether the goal was met; undefined for rows without a goal. */
  met?: boolean;
}

export interface FigureResult {
  id: number;
  title: string;
  /** What the figure means, in a few sentences (for results.md). */
  meaning: string;
  /** How it was set up this time (server, pinning, connections, rounds). */
  setup: string;
  rows: FigureRow[];
  /** Set when the figure could not be measured; rows are then empty. */
  notMeasured?: string;
  notes: string[];
}

export function fmtRatio(x: number): string {
  return Number.isFinite(x) ? `${x.toFixed(2)}×` : 'n/a';
}

export function fmtRps(x: number): string {
  return Number.isFinite(x) ? `${Math.round(x).toLocaleString('en-US')}/s` : 'n/a';
}

export function fmtMs(us: number): string {
  return `${(us / 1000).toFixed(2)} ms`;
}
