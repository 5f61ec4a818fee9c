import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown.js';
import { renderConsoleSummary } from './console.js';
import { syntheticReport } from './synthetic.js';

describe('renderMarkdown', () => {
  const report = syntheticReport({ durationS: 10, errorRate: 0.05 });
  report.thresholds = [{ metric: 'step.create_run.latency', expression: 'p(95) < 10ms', passed: false, actual: 31.2, unit: 'ms', abortOnFail: false, aborted: false }];
  report.verdict = { passed: false, exitCode: 3, reasons: ['threshold step.create_run.latency: p(95) < 10ms failed (actual 31.2)'] };
  const md = renderMarkdown(report);

  it('leads with a plain status word, target, duration, requests and rate', () => {
    const [title, , line] = md.split('\n');
    expect(title).toBe('## phrony-harness: synthetic: FAIL (exit 3)');
    expect(line).toContain('`http://127.0.0.1:4010`');
    expect(line).toContain('10.0 s');
    expect(line).toContain(`${report.totals.requests} requests`);
    expect(line).toMatch(/\d+(\.\d)? req\/s/);
    expect(md).not.toMatch(/[\u{1F300}-\u{1FAFF}\u2705\u274C]/u);
  });

  it('has the step, threshold, failure, skipped and generator sections', () => {
    expect(md).toContain('| flow | step | requests | rps | p50 ms | p95 ms | p99 ms | max ms | errors | failed checks |');
    expect(md).toMatch(/\| start_poll \| create_run \| \d+ \|/);
    expect(md).toContain('| `step.create_run.latency` | `p(95) < 10ms` | 31.2 ms | FAIL |');
    expect(md).toContain('### Top failures');
    expect(md).toContain('expected status 200, got 500');
    expect(md).toContain('- never_ran: required variable PHRONY_FILE_AGENT_ID is not set');
    expect(md).toContain('### Load generator');
    expect(md).toContain('reliable.');
  });

  it('escapes table cells', () => {
    const r = structuredClone(report);
    const f = r.failures[0];
    if (f) f.message = 'a | b\nc';
    expect(renderMarkdown(r)).toContain('a \\| b c');
  });
});

describe('renderConsoleSummary', () => {
  const report = syntheticReport({ durationS: 10, errorRate: 0.05 });
  it('shows steps, flows, thresholds, failures and the verdict within the width', () => {
    report.thresholds = [{ metric: 'checks', expression: 'rate > 99%', passed: false, actual: 95, unit: '%', abortOnFail: false, aborted: false }];
    const text = renderConsoleSummary(report, { columns: 80 });
    expect(text).toContain('start_poll › create_run');
    expect(text).toContain('✗ checks: rate > 99%  actual 95%');
    expect(text).toMatch(/\d+× start_poll › \w+ › status: expected status 200, got 500/);
    expect(text).toContain('skipped never_ran');
    expect(text).toContain(`(exit ${report.verdict.exitCode})`);
    const tableLines = text.split('\n').filter((l) => l.startsWith('  ') && !l.includes('×') && !l.startsWith('  -'));
    for (const l of tableLines.filter((x) => !x.includes('skipped') && !x.includes('checks:'))) expect([...l].length).toBeLessThanOrEqual(80);
    expect(text).not.toContain('\u001b[');
    expect(renderConsoleSummary(report, { color: true })).toContain('\u001b[31m');
  });
});

describe('renderMarkdown open model and certificates', () => {
  it('labels corrected and uncorrected flow percentiles by where they start', () => {
    const r = syntheticReport({ durationS: 10 });
    for (const f of r.flows) if (f.skipped === undefined) f.durationUncorrected = { ...f.duration, p50: 1000, p95: 2000, p99: 3000 };
    const md = renderMarkdown(r);
    expect(md).toContain('| flow | iterations | passed | failed | dropped | p50 ms from intended start | p95 ms from intended start | p99 ms from intended start | p50 ms from actual start | p95 ms from actual start | p99 ms from actual start |');
    expect(md).toMatch(/\| start_poll \|( [^|]+ \|){7} 1(\.0+)? \| 2(\.0+)? \| 3(\.0+)? \|/);
    expect(md).toContain('coordinated omission corrected');
    expect(renderMarkdown(syntheticReport({ durationS: 10 }))).not.toContain('from actual start');
  });

  it('lists uncovered areas with their missing prerequisites, the request count and the digest', () => {
    const r = syntheticReport({ durationS: 5 });
    r.certification = {
      verdict: 'CERTIFIED',
      requirements: [{ id: 'RUN-1', statement: 's', level: 'MUST', section: 'runs', status: 'pass' }],
      coverage: [
        { area: 'core', covered: true, prerequisites: ['--base-url'], requirements: 1 },
        { area: 'hitl', covered: false, prerequisites: ['--hitl-agent-id'], requirements: 3 },
      ],
      requests: 142,
      digest: 'ab'.repeat(32),
    };
    const md = renderMarkdown(r);
    expect(md).toContain('No requirement failed.');
    expect(md).toContain('| hitl | 3 | `--hitl-agent-id` |');
    expect(md).not.toContain('| core |');
    expect(md).toContain(`142 requests sent to the target. Digest: \`sha256 ${'ab'.repeat(32)}\` (verify with \`phrony-harness certify --verify report.json\`).`);
  });
});
