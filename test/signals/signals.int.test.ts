/**
 * Interruption and report writing through the real entry point (`node dist/cli/main.js run`):
 * SIGINT or SIGTERM mid-run cancels the in-flight requests, writes a partial report marked
 * interrupted and exits 130; a second signal ends the process at once even while the first
 * shutdown hangs; a report that cannot be written (ENOTDIR, a full disk) is said plainly and
 * exits non-zero, never as a pass.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command as run } from '../../src/cli/commands/run.js';
import type { Report } from '../../src/report/model.js';
import { validateReport } from '../../src/report/read.js';
import { fakeIo, tempDir } from '../e2e/helpers.js';
import { startMisbehavingServer, type MisbehavingServer } from '../faults/misbehaving-server.js';
import { cleanEnv, spawnCli, waitUntil } from './spawn-cli.js';

let target: MisbehavingServer;
let tmp: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  target = await startMisbehavingServer();
  tmp = await tempDir();
});
afterAll(async () => {
  await target.close();
  await tmp.remove();
});

/** Three VUs for 30 s, each blocked for up to 30 s in one step against a target that stalls. */
function stallingSuite(name: string, step: string): string {
  return `name: ${name}
target: { timeout: 30s }
variables:
  apiKey: phk_signal_test_key_0123
load: { vus: 3, duration: 30s }
flows:
  - name: f
    steps:
      - name: hang
        ${step}
`;
}

interface Blocked {
  /** The misbehaving server's fault. */
  fault: string;
  step: string;
  /** Requests the target sees once all three VUs are blocked. */
  inFlight: number;
  /** `--workers`; default: the CLI's own (one load thread per core). */
  workers?: number;
}

/** Where a run can be blocked when the signal comes: each must be cancelled at once. */
const BLOCKED: Record<string, Blocked> = {
  'a request with no answer': { fault: 'stall', step: 'request: { method: GET, path: /v1/runs/r1 }', inFlight: 3 },
  // The other kinds run the load in the main thread, which also keeps this file quick.
  'a body trickling in': { fault: 'trickle', step: 'request: { method: GET, path: /v1/runs/r1 }', inFlight: 3, workers: 1 },
  'a silent SSE stream': { fault: 'sse-silent', step: 'stream: { runId: r1, timeout: 30s }', inFlight: 3, workers: 1 },
  'a presigned PUT that hangs': {
    fault: 'put-hang',
    step: 'upload: { generate: { size: 1MiB, pattern: random }, filename: a.pdf, mediaType: application/pdf }',
    inFlight: 6,
    workers: 1,
  },
};

const ONE_REQUEST = `name: one
variables:
  apiKey: phk_signal_test_key_0123
flows:
  - name: f
    steps:
      - name: ok
        request: { method: GET, path: /v1/runs/r1 }
`;

function suiteFile(name: string, yaml: string): string {
  const file = join(tmp.path, `${name}.yaml`);
  writeFileSync(file, yaml);
  return file;
}

async function validReport(dir: string): Promise<Report> {
  const value = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as unknown;
  expect(validateReport(value)).toEqual([]);
  return value as Report;
}

/** Starts a run blocked as `blocked` says and waits until all three VUs are stuck there. */
async function startStalledRun(name: string, blocked: Blocked, env: Record<string, string> = {}) {
  const out = join(tmp.path, `out-${name}`);
  const before = target.hits.get(blocked.fault) ?? 0;
  const file = suiteFile(name, stallingSuite(name, blocked.step));
  const workers = blocked.workers !== undefined ? ['--workers', String(blocked.workers)] : [];
  const cli = spawnCli(['run', file, '--base-url', target.url(blocked.fault), '--out', out, '--quiet', ...workers], { cwd: tmp.path, env: cleanEnv(env) });
  await waitUntil(() => (target.hits.get(blocked.fault) ?? 0) >= before + blocked.inFlight, 10_000, 'three VUs blocked');
  return { cli, out };
}

const CASES = [
  ...Object.keys(BLOCKED).map((where) => ['SIGINT', where] as const),
  ['SIGTERM', 'a request with no answer'] as const,
];

describe('interrupting a run', () => {
  it.each(CASES)('%s during %s: in-flight work cancelled, partial report marked interrupted, exit 130', async (sig, where) => {
    const blocked = BLOCKED[where];
    if (blocked === undefined) throw new Error(where);
    const { cli, out } = await startStalledRun(`interrupt-${sig}-${blocked.fault}`, blocked);
    const sentAt = performance.now();
    cli.child.kill(sig);
    const exit = await cli.exited;
    expect(exit.code, exit.stderr).toBe(130);
    // The VUs would have waited 30 s; cancelled, the whole shutdown takes well under 3 s.
    expect(exit.exitedAt - sentAt).toBeLessThan(3000);
    expect(exit.stderr).toContain(`${sig} received, stopping`);
    expect(exit.stdout).toContain('INTERRUPTED (exit 130)');
    const report = await validReport(out);
    expect(report.run.status).toBe('interrupted');
    expect(report.verdict.exitCode).toBe(130);
    const hang = report.flows[0]?.steps.find((s) => s.name === 'hang');
    expect(hang?.errors['aborted']).toBe(3);
    expect(report.failures).toEqual([]);
  });

  it('a second signal ends the process at once while the first shutdown hangs', async () => {
    // The step summary is a FIFO nobody reads: appending to it blocks the shutdown for ever,
    // after the report folder is written.
    const fifo = join(tmp.path, 'summary.fifo');
    execFileSync('mkfifo', [fifo]);
    const { cli, out } = await startStalledRun('second-signal', BLOCKED['a request with no answer'] as Blocked, { GITHUB_STEP_SUMMARY: fifo });
    cli.child.kill('SIGINT');
    await waitUntil(() => existsSync(join(out, 'summary.md')), 5000, 'the partial report');
    await new Promise((r) => setTimeout(r, 300));
    expect(cli.running(), 'the first shutdown is stuck on the FIFO').toBe(true);
    const secondAt = performance.now();
    cli.child.kill('SIGINT');
    const exit = await cli.exited;
    expect(exit.exitedAt - secondAt).toBeLessThan(1000);
    // Killed by SIGINT itself: a shell reports 130 (128 + 2).
    expect(exit.signal).toBe('SIGINT');
    expect(exit.stderr).toContain('second SIGINT, exiting now');
    expect((await validReport(out)).run.status).toBe('interrupted');
  });
});

describe('a signal before the run starts', () => {
  it('still ends in an interrupted report and exit 130, never a silent pass; later suites are not started', async () => {
    const first = suiteFile('early-1', ONE_REQUEST.replace('name: one', 'name: early-1'));
    const second = suiteFile('early-2', ONE_REQUEST.replace('name: one', 'name: early-2'));
    const out = join(tmp.path, 'out-early');
    const fake = fakeIo(tmp.path, {});
    // The signal lands while the suites are loading: abort before the command even starts.
    fake.controller.abort('SIGINT');
    const code = await run([first, second, '--base-url', target.url('ok'), '--out', out, '--quiet'], fake.io);
    expect(code, fake.stderr()).toBe(130);
    expect(fake.stdout()).toContain('INTERRUPTED (exit 130)');
    expect(fake.stdout()).not.toMatch(/PASS/);
    const report = await validReport(join(out, 'early-1'));
    expect(report.run.status).toBe('interrupted');
    expect(report.totals.requests).toBe(0);
    expect(existsSync(join(out, 'early-2'))).toBe(false);
  });
});

/** Mounts a 16 KiB tmpfs (the tests run as root); undefined where mounting is not allowed. */
function mountFullDisk(): string | undefined {
  const dir = join(tmp.path, 'tiny-disk');
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    return undefined;
  }
}

describe('a report that cannot be written', () => {
  it('a report folder under a regular file (ENOTDIR): clear message, exit 5, no PASS', async () => {
    const file = join(tmp.path, 'not-a-folder');
    writeFileSync(file, 'x');
    const cli = spawnCli(['run', suiteFile('enotdir', ONE_REQUEST), '--base-url', target.url('ok'), '--out', join(file, 'out'), '--quiet'], {
      cwd: tmp.path,
      env: cleanEnv(),
    });
    const exit = await cli.exited;
    expect(exit.code).toBe(5);
    expect(exit.stderr).toMatch(/cannot create the report folder .*not-a-folder\/out \(ENOTDIR/);
    expect(exit.stdout).not.toMatch(/PASS/);
  });

  it('a step summary that cannot be appended: exit 5 naming it, and no PASS line before it', async () => {
    const file = join(tmp.path, 'not-a-folder-either');
    writeFileSync(file, 'x');
    const out = join(tmp.path, 'out-summary');
    const fake = fakeIo(tmp.path, { GITHUB_STEP_SUMMARY: join(file, 'summary.md') });
    const code = await run([suiteFile('summary', ONE_REQUEST), '--base-url', target.url('ok'), '--out', out, '--quiet'], fake.io);
    expect(code).toBe(5);
    expect(fake.stderr()).toMatch(/cannot append to .*not-a-folder-either\/summary\.md \(ENOTDIR/);
    expect(fake.stdout()).not.toMatch(/PASS/);
    expect((await validReport(out)).verdict.exitCode).toBe(0);
  });

  it('a full disk (ENOSPC): clear message, exit 5, no PASS, never a half-written report.json', async (ctx) => {
    const disk = mountFullDisk();
    if (disk === undefined) return ctx.skip();
    try {
      const out = join(disk, 'out');
      const cli = spawnCli(['run', suiteFile('enospc', ONE_REQUEST), '--base-url', target.url('ok'), '--out', out, '--quiet'], {
        cwd: tmp.path,
        env: cleanEnv(),
      });
      const exit = await cli.exited;
      expect(exit.code).toBe(5);
      expect(exit.stderr).toMatch(/cannot write .*\(ENOSPC/);
      expect(exit.stdout).not.toMatch(/PASS/);
      const left = existsSync(out) ? await readdir(out) : [];
      expect(left.filter((f) => f.endsWith('.tmp')), 'temporary files are removed').toEqual([]);
      // Atomic writes: report.json is either whole and valid, or absent.
      if (left.includes('report.json')) await validReport(out);
    } finally {
      execFileSync('umount', [disk]);
    }
  });
});
