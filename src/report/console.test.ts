import { describe, expect, it } from 'vitest';
import { renderConsoleSummary } from './console.js';
import type { HistogramSummary, Report } from './model.js';
import { syntheticReport } from './synthetic.js';

/** The synthetic report as an open-model run: each flow's uncorrected duration 40 % shorter. */
function openModel(): Report {
  const r = syntheticReport({ durationS: 10 });
  for (const f of r.flows) {
    if (f.skipped !== undefined) continue;
    const d = f.duration;
    const scaled: HistogramSummary = { ...d, p50: d.p50 * 0.6, p95: d.p95 * 0.6, p99: d.p99 * 0.6 };
    f.durationUncorrected = scaled;
  }
  return r;
}

function flowRow(text: string, flow: string): string[] {
  const flows = text.split('\n').slice(text.split('\n').indexOf('Flows'));
  const line = flows.find((l) => l.trimStart().startsWith(`${flow}  `)) ?? '';
  return line.trim().split(/\s{2,}/);
}

describe('renderConsoleSummary flows', () => {
  it('shows only the corrected percentiles in a closed-model run', () => {
    const text = renderConsoleSummary(syntheticReport({ durationS: 10 }), { columns: 160 });
    expect(text).not.toContain('actual');
    expect(text).not.toContain('intended start');
  });

  it('shows the uncorrected p50/p95/p99 beside the corrected ones in an open-model run, labelled', () => {
    const report = openModel();
    const text = renderConsoleSummary(report, { columns: 160 });
    expect(text).toMatch(/p50 ms\s+p95 ms\s+p99 ms\s+p50 actual\s+p95 actual\s+p99 actual/);
    expect(text).toContain('from the intended start');
    expect(text).toContain('from the actual start');
    const f = report.flows.find((x) => x.durationUncorrected !== undefined);
    const row = flowRow(text, f?.name ?? '');
    // name, iterations, passed, failed, dropped, 3 corrected, 3 uncorrected.
    expect(row).toHaveLength(11);
    const [c50, , c99, u50, , u99] = row.slice(5).map(Number);
    expect(u50).toBeLessThan(c50 ?? 0);
    expect(u99).toBeLessThan(c99 ?? 0);
  });
});
