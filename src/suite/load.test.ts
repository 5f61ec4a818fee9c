import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatProblem, loadSuiteFile, loadSuiteText } from './load.js';
import type { LoadResult } from './load.js';
import type { Suite } from './types.js';
import { missingRequirements, resolveVariables } from './variables.js';

const validDir = fileURLToPath(new URL('../../test/fixtures/suites/valid/', import.meta.url));

function suiteOf(result: LoadResult): Suite {
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
  return result.suite;
}

describe('loadSuiteFile on the smoke fixture', () => {
  let suite: Suite;
  let bytes: Buffer;
  beforeAll(async () => {
    const path = join(validDir, 'smoke.yaml');
    suite = suiteOf(await loadSuiteFile(path));
    bytes = await readFile(path);
  });

  it('identifies the file and digests its bytes', () => {
    expect(suite.file).toBe(join(validDir, 'smoke.yaml'));
    expect(suite.digest).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(suite.name).toBe('smoke');
    expect(suite.description).toBe('Every Phrony flow once');
  });

  it('normalizes target, load and thresholds', () => {
    expect(suite.target).toEqual({
      baseUrl: '${{ env.PHRONY_API_BASE }}', timeoutMs: 10_000, headers: { 'X-API-Key': '${{ vars.apiKey }}' },
      redactHeaders: ['X-Internal-Token'], followRedirects: false, maxBodyBytes: 1_048_576,
    });
    expect(suite.load).toEqual({ model: 'closed', vus: 2, iterations: 10, thinkTimeMs: { min: 50, max: 200 } });
    expect(suite.thresholds.map((t) => [t.metric, t.expression, t.condition, t.abortOnFail, t.delayAbortEvalMs, t.loc.line])).toEqual([
      ['flow.start_poll.duration', 'p(95) < 2s', { aggregate: 'p', percentile: 95, op: '<', value: 2_000_000 }, false, 0, 20],
      ['step.start_run.latency', 'p(99) < 300ms', { aggregate: 'p', percentile: 99, op: '<', value: 300_000 }, false, 0, 21],
      ['step.start_run.latency', 'avg < 100ms', { aggregate: 'avg', op: '<', value: 100_000 }, false, 0, 21],
      ['http.errors', 'rate < 1%', { aggregate: 'rate', op: '<', value: 0.01 }, true, 10_000, 22],
      ['checks', 'rate > 99.9%', { aggregate: 'rate', op: '>', value: 0.999 }, false, 0, 23],
    ]);
  });

  it('normalizes every step kind with its defaults', () => {
    const steps = Object.fromEntries(suite.flows.flatMap((f) => f.steps).map((s) => [s.name, s]));
    expect(steps.start_run).toMatchObject({
      kind: 'request',
      request: { method: 'POST', path: '/v1/agents/${{ agentId }}/runs', json: { input: { message: 'hello from vu ${{ vu }}' } } },
      expect: { status: [202], schema: 'start-run', body: [{ path: '/status', oneOf: ['Running', 'Completed'] }] },
      capture: { runId: { from: 'body', path: '/runId' } },
      loc: { line: 29, col: 9 },
    });
    expect(steps.wait_done).toMatchObject({
      kind: 'poll',
      poll: { intervalMs: 200, backoff: 1.5, maxIntervalMs: 2_000, timeoutMs: 30_000, maxAttempts: 100, until: { path: '/status', oneOf: ['Completed', 'Failed'] } },
    });
    expect(steps.upload_doc).toMatchObject({ kind: 'upload', upload: { generate: { sizeBytes: 65_536, pattern: 'random' }, filename: 'doc.pdf', mediaType: 'application/pdf', as: 'doc' } });
    expect(steps.upload_file).toMatchObject({ kind: 'upload', upload: { file: join(validDir, 'files/doc.pdf'), filename: 'doc.pdf', mediaType: 'application/pdf', as: 'upload_file' } });
    expect(steps.run_with_doc).toMatchObject({ expect: { status: [200, ...Array.from({ length: 99 }, (_, i) => 201 + i)] }, capture: { runId: { from: 'body', path: '$.runId' }, requestId: { from: 'header', name: 'x-request-id' } } });
    expect(steps.watch).toMatchObject({ kind: 'stream', stream: { runId: '${{ runId }}', untilSubject: 'engine.session.completed', timeoutMs: 30_000, eventSchema: 'sse-event' } });
    expect(steps.approve).toMatchObject({ kind: 'message', message: { action: { type: 'approve', approved: true }, endpoint: 'messages' } });
    expect(steps.reply).toMatchObject({ message: { action: { type: 'text' }, endpoint: 'input' } });
    expect(steps.attach).toMatchObject({ message: { action: { type: 'files', files: ['${{ attachment.fileItem }}'] } } });
    expect(steps.skip).toMatchObject({ message: { action: { type: 'skip-wait' } } });
    expect(suite.flows.map((f) => [f.name, f.weight, f.requires])).toEqual([
      ['start_poll', 1, ['agentId']], ['upload_run', 1, ['agentId']], ['hitl', 1, ['hitlAgentId']],
    ]);
  });
});

describe('defaults', () => {
  it('fills every default of a minimal suite', () => {
    const suite = suiteOf(loadSuiteText('name: m\nflows: [{ name: f, steps: [{ name: s, request: { path: /a } }] }]\n', '<inline>'));
    expect(suite.target).toEqual({ timeoutMs: 10_000, headers: { 'X-API-Key': '${{ vars.apiKey }}' }, redactHeaders: [], followRedirects: false, maxBodyBytes: 1_048_576 });
    expect(suite.load).toEqual({ model: 'closed', vus: 1 });
    expect(suite.variables).toEqual({});
    expect(suite.thresholds).toEqual([]);
    expect(suite.flows[0]).toMatchObject({ weight: 1, requires: [], steps: [{ kind: 'request', request: { method: 'GET', path: '/a' } }] });
    expect(suite.file).toBe('<inline>');
  });

  it('fills poll, upload, stream, message and blast defaults', () => {
    const text = `name: d
flows:
  - name: f
    steps:
      - { name: p, poll: { request: { path: /a }, until: { path: /s, exists: true } } }
      - { name: u, upload: { generate: { size: 10 } } }
      - { name: t, upload: { file: x.txt } }
      - { name: st, stream: { runId: r } }
      - { name: m, message: { runId: r, reject: true } }
      - { name: b, blast: { request: { path: /a } } }
`;
    const steps = suiteOf(loadSuiteText(text, 'd.yaml')).flows[0]?.steps ?? [];
    expect(steps.map((s) => s[s.kind as keyof typeof s])).toEqual([
      { request: { method: 'GET', path: '/a' }, until: { path: '/s', exists: true, loc: { file: 'd.yaml', line: 5, col: 58 } }, intervalMs: 1_000, backoff: 1, maxIntervalMs: 10_000, timeoutMs: 60_000, maxAttempts: 0 },
      { generate: { sizeBytes: 10, pattern: 'random' }, filename: 'u.bin', mediaType: 'application/octet-stream', as: 'u' },
      { file: 'x.txt', filename: 'x.txt', mediaType: 'text/plain', as: 't' },
      { runId: 'r', timeoutMs: 60_000, eventSchema: 'sse-event' },
      { runId: 'r', action: { type: 'approve', approved: false }, endpoint: 'messages' },
      { request: { method: 'GET', path: '/a' }, connections: 10, durationMs: 10_000, pipelining: 1 },
    ]);
  });

  it('normalizes the open model and ramps', () => {
    const text = 'name: o\nload: { model: open, phases: [{ duration: 30s, rate: 5 }, { duration: 1m, from: 5, to: 20 }] }\nflows: [{ name: f, steps: [{ name: s, request: { path: /a } }] }]\n';
    expect(suiteOf(loadSuiteText(text, 'o.yaml')).load).toEqual({
      model: 'open', phases: [{ durationMs: 30_000, from: 5, to: 5 }, { durationMs: 60_000, from: 5, to: 20 }], maxInFlight: 1000,
    });
  });
});

describe('problems', () => {
  it('is pure: loadSuiteText does not check upload files, loadSuiteFile does', async () => {
    const text = 'name: u\nflows: [{ name: f, steps: [{ name: s, upload: { file: ./nope.bin } }] }]\n';
    expect(loadSuiteText(text, 'u.yaml').ok).toBe(true);
    const dir = await mkdtemp(join(tmpdir(), 'suite-'));
    try {
      await writeFile(join(dir, 'u.yaml'), text);
      const result = await loadSuiteFile(join(dir, 'u.yaml'));
      expect(result.ok ? [] : result.problems.map((p) => `${p.line}:${p.col} ${p.code}`)).toEqual(['2:55 FILE_NOT_FOUND']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('collects every problem rather than stopping at the first', () => {
    const text = 'name: many\nload: { vus: 0, duration: soon }\nflows:\n  - name: f\n    steps:\n      - { name: a, request: { path: /a }, expekt: {} }\n      - { name: a, request: { path: "${{ nope }}" } }\n';
    const result = loadSuiteText(text, 'many.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => `${p.line}:${p.col} ${p.code}`)).toEqual([
      '2:14 OUT_OF_RANGE', '2:27 INVALID_DURATION', '6:43 UNKNOWN_KEY', '7:17 DUPLICATE_STEP', '7:38 TEMPLATE_UNDEFINED',
    ]);
  });

  it('reports warnings on valid suites', () => {
    const result = loadSuiteText('name: w\nflows: [{ name: f, weight: 0, steps: [{ name: s, request: { path: /a } }] }]\n', 'w.yaml');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings.map(formatProblem)).toEqual(['w.yaml:2:28: warning: flow "f" has weight 0 and never runs under load']);
  });

  it('locates YAML errors and refuses documents that expand without bound', () => {
    const multi = loadSuiteText('name: a\n---\nname: b\n', 'multi.yaml');
    expect(multi.ok ? [] : multi.problems.map((p) => [p.line, p.code])).toEqual([[2, 'YAML_MULTIPLE_DOCS']]);
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdefg'.split('').map((c, i) => `${c}: &${c} [${Array(10).fill(`*${'abcdefg'[i]}`).join(', ')}]`)].join('\n');
    const result = loadSuiteText(bomb, 'bomb.yaml');
    expect(result.ok ? [] : result.problems.map((p) => p.code)).toEqual(['YAML_ALIAS']);
  });

  it('reports a file it cannot read, without throwing', async () => {
    const result = await loadSuiteFile(join(validDir, 'does-not-exist.yaml'));
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([`${join(validDir, 'does-not-exist.yaml')}:1:1: error: cannot read suite: no such file`]);
    const dir = await loadSuiteFile(validDir);
    expect(dir.ok ? [] : dir.problems.map((p) => p.message)).toEqual(['cannot read suite: is not a file']);
  });
});

describe('variables', () => {
  const suite = suiteOf(
    loadSuiteText(
      'name: v\nvariables:\n  base: ${{ env.BASE }}\n  url: "${{ base }}/x"\n  agentId: ${{ env.AGENT }}\n  n: 3\nflows: [{ name: f, requires: [agentId, n, base], steps: [{ name: s, request: { path: /a } }] }]\n',
      'v.yaml',
    ),
  );

  it('renders variables in order with env, lets --var win, and defaults apiKey', () => {
    expect(resolveVariables(suite, { BASE: 'http://h', AGENT: 'ag', PHRONY_API_KEY: 'k' }, {})).toEqual({ apiKey: 'k', base: 'http://h', url: 'http://h/x', agentId: 'ag', n: 3 });
    expect(resolveVariables(suite, { BASE: 'http://h' }, { base: 'http://o', agentId: 'cli' })).toEqual({ base: 'http://o', url: 'http://o/x', agentId: 'cli', n: 3 });
  });

  it('leaves a variable undefined when its env is unset, so requires can skip the flow', () => {
    const vars = resolveVariables(suite, {}, {});
    expect(vars).toEqual({ n: 3 });
    const flow = suite.flows[0];
    if (flow === undefined) throw new Error('flow');
    expect(missingRequirements(flow, vars)).toEqual(['agentId', 'base']);
    expect(missingRequirements(flow, { agentId: ' ', n: 0, base: null })).toEqual(['agentId', 'base']);
    expect(missingRequirements(flow, { agentId: 'a', n: 1, base: 'b' })).toEqual([]);
  });

  it('defaults agentId from AGENT_ID, then PHRONY_AGENT_ID, when the suite does not declare it', () => {
    const bare = suiteOf(loadSuiteText('name: b\nflows: [{ name: f, steps: [{ name: s, request: { path: /a } }] }]\n', 'b.yaml'));
    expect(resolveVariables(bare, { PHRONY_AGENT_ID: 'p' }, {})).toEqual({ agentId: 'p' });
    expect(resolveVariables(bare, { AGENT_ID: 'a', PHRONY_AGENT_ID: 'p' }, {})).toEqual({ agentId: 'a' });
  });
});

