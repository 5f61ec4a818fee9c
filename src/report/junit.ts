/**
 * junit.xml: what CI systems show as test results. One <testsuite> per flow with a <testcase>
 * per check of each step (classname `flow.step`) and one for the flow's iterations; a
 * "thresholds" suite; a "certification" suite when the report has one. Skipped flows are
 * <skipped> test cases with the reason.
 */
import type { CertificationRequirement, FailureRecord, FlowReport, Report, ThresholdResult } from './model.js';
import { escapeXml } from './xml.js';
import { fmtThresholdActual } from './format.js';

interface Case {
  classname: string;
  name: string;
  failure?: { message: string; type: string; body: string };
  skipped?: string;
}

function showValue(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function failureBody(records: FailureRecord[]): string {
  const lines: string[] = [];
  for (const r of records.slice(0, 5)) {
    lines.push(`${r.count}× ${r.message}`);
    if (r.expected !== undefined) lines.push(`  expected: ${showValue(r.expected)}`);
    if (r.actual !== undefined) lines.push(`  actual: ${showValue(r.actual)}`);
    if (r.instancePath !== undefined) lines.push(`  at: ${r.instancePath} (${r.schemaPath ?? ''})`);
    if (r.request !== undefined) lines.push(`  request: ${r.request.method} ${r.request.url}`);
    const sample = r.samples[0];
    if (sample !== undefined) lines.push(`  first sample: ${sample}`);
  }
  return lines.join('\n');
}

function flowCases(flow: FlowReport, failures: FailureRecord[]): Case[] {
  if (flow.skipped !== undefined) {
    return [{ classname: flow.name, name: 'skipped', skipped: flow.skipped.reason }];
  }
  const cases: Case[] = [];
  for (const step of flow.steps) {
    for (const check of step.checks) {
      const c: Case = { classname: `${flow.name}.${step.name}`, name: check.name };
      if (check.failed > 0) {
        const records = failures.filter((f) => f.flow === flow.name && f.step === step.name && f.check === check.name);
        c.failure = {
          message: `${check.failed} of ${check.passed + check.failed} failed`,
          type: records[0]?.category ?? 'check',
          body: failureBody(records),
        };
      }
      cases.push(c);
    }
  }
  const iterations: Case = { classname: flow.name, name: 'iterations' };
  if (flow.failed > 0) {
    iterations.failure = {
      message: `${flow.failed} of ${flow.iterations} iterations failed`,
      type: 'flow',
      body: '',
    };
  }
  cases.push(iterations);
  return cases;
}

function thresholdCase(t: ThresholdResult): Case {
  const c: Case = { classname: 'thresholds', name: `${t.metric}: ${t.expression}` };
  if (!t.passed) {
    const actual = t.actual === null ? 'no data (the metric has no samples)' : fmtThresholdActual(t);
    c.failure = { message: `actual ${actual}`, type: 'threshold', body: t.aborted ? 'this threshold aborted the run' : '' };
  }
  return c;
}

function requirementCase(r: CertificationRequirement): Case {
  const c: Case = { classname: `certification.${r.section}`, name: `${r.id} (${r.level}): ${r.statement}` };
  if (r.status === 'fail') c.failure = { message: `${r.level} requirement failed`, type: 'certification', body: r.evidence ?? '' };
  // certify's evidence of an uncovered requirement names the missing prerequisite.
  if (r.status === 'not-covered') c.skipped = r.evidence ?? 'not covered by this run';
  return c;
}

function renderCase(c: Case): string {
  const open = `    <testcase classname="${escapeXml(c.classname)}" name="${escapeXml(c.name)}" time="0"`;
  if (c.failure !== undefined) {
    const f = c.failure;
    return `${open}>\n      <failure message="${escapeXml(f.message)}" type="${escapeXml(f.type)}">${escapeXml(f.body)}</failure>\n    </testcase>`;
  }
  if (c.skipped !== undefined) return `${open}>\n      <skipped message="${escapeXml(c.skipped)}"/>\n    </testcase>`;
  return `${open}/>`;
}

function renderSuite(name: string, cases: Case[], timeSec: number): string {
  const failures = cases.filter((c) => c.failure !== undefined).length;
  const skipped = cases.filter((c) => c.skipped !== undefined).length;
  const head = `  <testsuite name="${escapeXml(name)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${timeSec.toFixed(3)}">`;
  return [head, ...cases.map(renderCase), '  </testsuite>'].join('\n');
}

export function renderJunit(report: Report): string {
  const timeSec = report.run.durationMs / 1000;
  const suites: Array<{ name: string; cases: Case[] }> = report.flows.map((f) => ({
    name: f.name,
    cases: flowCases(f, report.failures),
  }));
  if (report.thresholds.length > 0) suites.push({ name: 'thresholds', cases: report.thresholds.map(thresholdCase) });
  if (report.certification !== undefined) {
    suites.push({ name: 'certification', cases: report.certification.requirements.map(requirementCase) });
  }
  const all = suites.flatMap((s) => s.cases);
  const failures = all.filter((c) => c.failure !== undefined).length;
  const skipped = all.filter((c) => c.skipped !== undefined).length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXml(`phrony-harness ${report.suite.name}`)}" tests="${all.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${timeSec.toFixed(3)}">`,
    ...suites.map((s) => renderSuite(s.name, s.cases, timeSec)),
    '</testsuites>',
    '',
  ].join('\n');
}
