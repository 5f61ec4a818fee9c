import { describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { renderJunit } from './junit.js';
import { syntheticReport } from './synthetic.js';
import { escapeXml } from './xml.js';
import type { Report } from './model.js';

type Node = Record<string, unknown>;

function parse(xml: string): { suites: Node[]; root: Node } {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => name === 'testsuite' || name === 'testcase' });
  const doc = parser.parse(xml, true) as { testsuites: Node };
  return { root: doc.testsuites, suites: doc.testsuites['testsuite'] as Node[] };
}

function withExtras(): Report {
  const r = syntheticReport({ durationS: 5, errorRate: 0.1 });
  r.thresholds = [
    { metric: 'http.latency', expression: 'p(95) < 2s', passed: true, actual: 812.3, unit: 'ms', abortOnFail: false, aborted: false },
    { metric: 'checks', expression: 'rate > 99%', passed: false, actual: 90.1, unit: '%', abortOnFail: true, aborted: true },
    { metric: 'stream.first_event', expression: 'p(95) < 1s', passed: false, actual: null, abortOnFail: false, aborted: false },
  ];
  r.certification = {
    verdict: 'NOT CERTIFIED',
    requirements: [
      { id: 'RUN-1', statement: 'POST /runs returns 201', level: 'MUST', section: 'runs', status: 'pass' },
      { id: 'RUN-2', statement: 'errors have a code', level: 'MUST', section: 'errors', status: 'fail', evidence: 'body was {"x":1}' },
      { id: 'SSE-1', statement: 'events carry ids', level: 'SHOULD', section: 'stream', status: 'not-covered' },
    ],
  };
  const f = r.failures[0];
  if (f) f.samples = ['<script>alert("x")</script> & \u0001\u001b[31m binary \uFFFF'];
  return r;
}

describe('renderJunit', () => {
  it('has one testcase per check, flow iterations, threshold and requirement; counts match the report', () => {
    const report = withExtras();
    const { root, suites } = parse(renderJunit(report));
    const ran = report.flows.filter((f) => f.skipped === undefined);
    const checkCases = ran.reduce((n, f) => n + f.steps.reduce((m, s) => m + s.checks.length, 0), 0);
    const skippedFlows = report.flows.length - ran.length;
    const expectedTests = checkCases + ran.length + skippedFlows + report.thresholds.length + 3;
    expect(Number(root['@tests'])).toBe(expectedTests);
    const cases = suites.flatMap((s) => s['testcase'] as Node[]);
    expect(cases).toHaveLength(expectedTests);
    const failedChecks = ran.reduce((n, f) => n + f.steps.reduce((m, s) => m + s.checks.filter((c) => c.failed > 0).length, 0), 0);
    const failedFlows = ran.filter((f) => f.failed > 0).length;
    const expectedFailures = failedChecks + failedFlows + 2 + 1;
    expect(Number(root['@failures'])).toBe(expectedFailures);
    expect(cases.filter((c) => c['failure'] !== undefined)).toHaveLength(expectedFailures);
    expect(Number(root['@skipped'])).toBe(skippedFlows + 1);
    expect(suites.map((s) => s['@name'])).toEqual([...report.flows.map((f) => f.name), 'thresholds', 'certification']);
  });

  it('names cases flow.step / check and explains failures with the first sample', () => {
    const report = withExtras();
    const { suites } = parse(renderJunit(report));
    const flow = suites.find((s) => s['@name'] === 'start_poll');
    const cases = flow?.['testcase'] as Node[];
    const failing = cases.find((c) => c['@classname'] === 'start_poll.create_run' && c['@name'] === 'status');
    const failure = failing?.['failure'] as Node;
    expect(String(failure['@message'])).toMatch(/^\d+ of \d+ failed$/);
    expect(String(failure['#text'])).toContain('expected: [200]');
    const skippedFlow = suites.find((s) => s['@name'] === 'never_ran');
    const skipped = (skippedFlow?.['testcase'] as Node[])[0]?.['skipped'] as Node;
    expect(skipped['@message']).toContain('PHRONY_FILE_AGENT_ID');
  });

  it('escapes markup and characters XML cannot carry', () => {
    const xml = renderJunit(withExtras());
    expect(xml).not.toContain('<script>');
    expect(xml).not.toMatch(/[\u0001\u001b\uFFFF]/);
    expect(xml).toContain('&lt;script&gt;');
    expect(escapeXml('a&b<"\'>\u0000\t')).toBe('a&amp;b&lt;&quot;&apos;&gt;\\u0000\t');
    expect(() => parse(xml)).not.toThrow();
  });
});

describe('renderJunit certification', () => {
  it('skips a not-covered requirement with the missing prerequisite from its evidence', () => {
    const report = withExtras();
    const sse = report.certification?.requirements.find((r) => r.id === 'SSE-1');
    if (sse) sse.evidence = 'not covered: needs --hitl-agent-id';
    const { suites } = parse(renderJunit(report));
    const cases = suites.find((s) => s['@name'] === 'certification')?.['testcase'] as Node[];
    const skipped = cases.find((c) => String(c['@name']).startsWith('SSE-1'))?.['skipped'] as Node;
    expect(skipped['@message']).toBe('not covered: needs --hitl-agent-id');
  });
});
