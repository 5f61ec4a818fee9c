/** `run` options beyond the exit-code table: baseline, step summary, abortOnFail, progress, overrides. */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { command } from '../../src/cli/commands/run.js';
import type { Report } from '../../src/report/model.js';
import { fakeIo, targetEnv, useTarget, VARIABLES, writeSuite } from './helpers.js';

const target = useTarget();
afterEach(() => target.server.setFaults({}));

const READS = (extra = '') => `# yaml-language-server: $schema=../schemas/suite.schema.json
name: reads
${VARIABLES}load: { vus: 2, iterations: 30 }
${extra}flows:
  - name: reads
    steps:
      - name: read_sessions
        request: { method: GET, path: "/v1/agents/\${{ agentId }}/sessions", query: { take: 1 } }
        expect: { status: 200 }
`;

async function run(file: string, args: string[], env: Record<string, string> = targetEnv(target.server)) {
  const fake = fakeIo(target.tmp.path, env);
  const code = await command([file, ...args], fake.io);
  return { code, fake };
}

async function report(dir: string): Promise<Report> {
  return JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as Report;
}

describe('run options', () => {
  it('--baseline: exit 4 when the current run is clearly slower', async () => {
    const file = await writeSuite(target.tmp.path, 'reads', READS());
    const base = join(target.tmp.path, 'base');
    expect((await run(file, ['--quiet', '--out', base])).code).toBe(0);
    target.server.setFaults({ latency: { fixedMs: 25 }, routes: ['/v1/agents/**'] });
    const slow = await run(file, ['--quiet', '--out', join(target.tmp.path, 'slow'), '--baseline', join(base, 'report.json')]);
    expect(slow.code).toBe(4);
    expect(slow.fake.stdout()).toMatch(/regress/i);
  });

  it('--baseline with a file that is not a report: exit 2 before anything runs', async () => {
    const file = await writeSuite(target.tmp.path, 'reads2', READS());
    const bogus = join(target.tmp.path, 'bogus.json');
    await writeFile(bogus, '{"schemaVersion": 99}');
    const out = join(target.tmp.path, 'never');
    const { code } = await run(file, ['--quiet', '--out', out, '--baseline', bogus]);
    expect(code).toBe(2);
    await expect(readFile(join(out, 'report.json'))).rejects.toThrow();
  });

  it('appends the Markdown summary to $GITHUB_STEP_SUMMARY and prints progress unless --quiet', async () => {
    const file = await writeSuite(target.tmp.path, 'reads3', READS());
    const summary = join(target.tmp.path, 'step-summary.md');
    await writeFile(summary, '# earlier step\n');
    const { code, fake } = await run(file, ['--out', join(target.tmp.path, 'gh')], { ...targetEnv(target.server), GITHUB_STEP_SUMMARY: summary });
    expect(code).toBe(0);
    const text = await readFile(summary, 'utf8');
    expect(text.startsWith('# earlier step\n')).toBe(true);
    expect(text).toContain('reads');
    expect(fake.stderr()).not.toBe('');
  });

  it('--concurrency/--iterations/--var override the suite', async () => {
    const file = await writeSuite(target.tmp.path, 'reads4', READS());
    const out = join(target.tmp.path, 'over');
    const other = target.server.agents.fail;
    const { code } = await run(file, ['--quiet', '--out', out, '--concurrency', '3', '--iterations', '4', '--var', `agentId=${other}`]);
    expect(code).toBe(0);
    const r = await report(out);
    expect(r.totals.requests).toBe(4);
    expect(r.run.load).toMatchObject({ vus: 3, iterations: 4 });
  });

  it('abortOnFail: a failing threshold stops the run early; status aborted, exit 5', async () => {
    const file = await writeSuite(
      target.tmp.path,
      'abort',
      READS('thresholds:\n  http.errors: { expr: "rate < 1%", abortOnFail: true }\n').replace('iterations: 30', 'duration: 30s'),
    );
    target.server.setFaults({ dropRate: 1, routes: ['/v1/agents/**'] });
    const out = join(target.tmp.path, 'aborted');
    const started = Date.now();
    const { code } = await run(file, ['--quiet', '--out', out]);
    expect(code).toBe(5);
    expect(Date.now() - started).toBeLessThan(10_000);
    const r = await report(out);
    expect(r.run.status).toBe('aborted');
    expect(r.thresholds[0]).toMatchObject({ passed: false, aborted: true });
  });
});
