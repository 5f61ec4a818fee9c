/** `run` driven in-process through the command with a collecting CliIo: every exit code. */
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { command } from '../../src/cli/commands/run.js';
import type { Report } from '../../src/report/model.js';
import { fakeIo, targetEnv, useTarget, VARIABLES, writeSuite } from './helpers.js';

const target = useTarget();

function suite(name: string, body: string): string {
  return `# yaml-language-server: $schema=../schemas/suite.schema.json
name: ${name}
${VARIABLES}${body}`;
}

const ONE_REQUEST = `flows:
  - name: list
    steps:
      - name: list_sessions
        request: { method: GET, path: "/v1/agents/\${{ agentId }}/sessions", query: { take: 5 } }
        expect: { status: 200, schema: sessions }
`;

async function run(name: string, yaml: string, args: string[] = [], env: Record<string, string> = targetEnv(target.server)) {
  const file = await writeSuite(target.tmp.path, name, yaml);
  const out = join(target.tmp.path, `out-${name}`);
  const fake = fakeIo(target.tmp.path, env);
  const code = await command([file, '--quiet', '--out', out, ...args], fake.io);
  return { code, out, fake };
}

async function readJson(dir: string): Promise<Report> {
  return JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as Report;
}

describe('run exit codes', () => {
  it('0 when everything passes; prints the summary and the report folder, never the key', async () => {
    const { code, out, fake } = await run('pass', suite('pass', ONE_REQUEST));
    expect(code).toBe(0);
    expect(fake.stdout()).toContain(`report: ${out}`);
    expect(existsSync(join(out, 'report.json'))).toBe(true);
    expect((await readdir(out)).sort()).toEqual(['junit.xml', 'report.html', 'report.json', 'summary.md']);
    const everything = fake.stdout() + fake.stderr() + (await readFile(join(out, 'report.json'), 'utf8'));
    expect(everything).not.toContain(target.server.keys.main);
  });

  it('1 when a check fails', async () => {
    const failing = ONE_REQUEST.replace('status: 200', 'status: 201');
    const { code, out } = await run('fail', suite('fail', failing));
    expect(code).toBe(1);
    expect((await readJson(out)).failures[0]).toMatchObject({ step: 'list_sessions', check: 'status', category: 'status' });
  });

  it('2 for an invalid suite: every problem printed, nothing run', async () => {
    const bad = suite('bad', ONE_REQUEST.replace('request:', 'reqest:'));
    const { code, out, fake } = await run('bad', bad);
    expect(code).toBe(2);
    expect(fake.stderr()).toMatch(/bad\.yaml:\d+:\d+: error: /);
    expect(existsSync(out)).toBe(false);
  });

  it('0 for a blast step: autocannon runs it, the report has its requests, latency and rps', async () => {
    const blast = suite('blast', `load: { vus: 1, iterations: 1 }
flows:
  - name: b
    steps:
      - name: hammer
        blast: { request: { method: GET, path: "/v1/agents/\${{ agentId }}/sessions" }, connections: 2, duration: 1s }
`);
    const { code, out, fake } = await run('blast', blast);
    expect(code).toBe(0);
    const step = (await readJson(out)).flows[0]?.steps[0];
    expect(step).toMatchObject({ kind: 'blast', checks: [{ name: 'status', passed: 1, failed: 0 }] });
    expect(step?.requests).toBeGreaterThan(50);
    expect(step?.histograms['latency']?.count).toBe(step?.requests);
    expect(step?.histograms['rps']).toMatchObject({ unit: 'count', count: 1 });
    const everything = fake.stdout() + fake.stderr() + (await readFile(join(out, 'report.json'), 'utf8'));
    expect(everything).not.toContain(target.server.keys.main);
  });

  it('0 for an open-model suite: every arrival of the schedule runs', async () => {
    const open = suite('open', `load: { model: open, phases: [{ duration: 1s, rate: 5 }] }\n${ONE_REQUEST}`);
    const { code, out } = await run('open', open);
    expect(code).toBe(0);
    const report = await readJson(out);
    expect(report.run.load).toMatchObject({ model: 'open' });
    expect(report.totals.iterations + report.totals.dropped).toBe(5);
  });

  it('2 for a bad option', async () => {
    const { code, fake } = await run('opt', suite('opt', ONE_REQUEST), ['--iterations', 'many']);
    expect(code).toBe(2);
    expect(fake.stderr()).toContain('--iterations must be a positive integer');
  });

  it('3 when a threshold fails', async () => {
    const { code, out } = await run('threshold', suite('threshold', `thresholds:
  step.list_sessions.latency: p(50) < 1us
${ONE_REQUEST}`));
    expect(code).toBe(3);
    expect((await readJson(out)).thresholds).toMatchObject([{ metric: 'step.list_sessions.latency', passed: false }]);
  });

  it('5 when the base URL refuses connections; the message names it', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const baseUrl = `http://127.0.0.1:${port}`;
    const { code, out, fake } = await run('unreachable', suite('unreachable', ONE_REQUEST), ['--base-url', baseUrl]);
    expect(code).toBe(5);
    expect(fake.stderr()).toContain(baseUrl);
    expect((await readJson(out)).totals.errors).toEqual({ refused: 1 });
  });

  it('several suites: one report folder each under --out, exit with the worst verdict', async () => {
    const good = await writeSuite(target.tmp.path, 'multi-good', suite('multi-good', ONE_REQUEST));
    const bad = await writeSuite(target.tmp.path, 'multi-bad', suite('multi-bad', ONE_REQUEST.replace('status: 200', 'status: 418')));
    const out = join(target.tmp.path, 'out-multi');
    const fake = fakeIo(target.tmp.path, targetEnv(target.server));
    expect(await command([good, bad, '--quiet', '--out', out], fake.io)).toBe(1);
    expect((await readJson(join(out, 'multi-good'))).verdict.exitCode).toBe(0);
    expect((await readJson(join(out, 'multi-bad'))).verdict.exitCode).toBe(1);
  });

  it('130 on interrupt: in-flight work cancelled, a partial report written', async () => {
    const file = await writeSuite(target.tmp.path, 'interrupt', suite('interrupt', `load: { vus: 2, duration: 30s }
flows:
  - name: slow
    steps:
      - name: start_slow
        request: { method: POST, path: "/v1/agents/\${{ timerAgentId }}/runs", json: { input: {} } }
        capture: { runId: /runId }
      - name: wait_forever
        poll:
          request: { method: GET, path: "/v1/runs/\${{ runId }}" }
          until: { path: /status, equals: Completed }
          interval: 50ms
          timeout: 30s
`));
    const out = join(target.tmp.path, 'out-interrupt');
    const fake = fakeIo(target.tmp.path, targetEnv(target.server));
    setTimeout(() => fake.controller.abort('SIGINT'), 400);
    const started = Date.now();
    // In-process: worker threads are covered by workers.int.test.ts; their start-up is not this test's subject.
    const code = await command([file, '--quiet', '--workers', '1', '--out', out], fake.io);
    expect(code).toBe(130);
    expect(Date.now() - started).toBeLessThan(5000);
    const report = await readJson(out);
    expect(report.run.status).toBe('interrupted');
    expect(report.totals.requests).toBeGreaterThan(2);
  });
});
