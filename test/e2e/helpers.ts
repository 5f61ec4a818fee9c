/**
 * Shared pieces of the end-to-end tests: the reference server in-process on port 0, suites
 * written to real temp files and loaded by the real loader, and a CliIo that collects output.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from '../../src/cli/io.js';
import { startReferenceServer, type ReferenceServer } from '../../src/reference-server/index.js';
import type { Report } from '../../src/report/model.js';
import { runSuite, type RunOptions } from '../../src/runner/run.js';
import { referenceServerEnv } from '../../src/runner/target.js';
import { formatProblem, loadSuiteFile } from '../../src/suite/load.js';
import type { Suite } from '../../src/suite/types.js';

export async function tempDir(): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'phrony-e2e-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

export function startTarget(): Promise<ReferenceServer> {
  return startReferenceServer({ port: 0, host: '127.0.0.1' });
}

export interface TargetFixture {
  readonly server: ReferenceServer;
  readonly tmp: { path: string; remove: () => Promise<void> };
}

/**
 * One reference server and one temp folder for a whole test file: started in beforeAll,
 * closed and removed in afterAll. Read `server` and `tmp` inside tests, not at module level.
 */
export function useTarget(): TargetFixture {
  let server: ReferenceServer | undefined;
  let tmp: { path: string; remove: () => Promise<void> } | undefined;
  beforeAll(async () => {
    server = await startTarget();
    tmp = await tempDir();
  });
  afterAll(async () => {
    await server?.close();
    await tmp?.remove();
  });
  return {
    get server(): ReferenceServer {
      if (server === undefined) throw new Error('useTarget: the server starts in beforeAll');
      return server;
    },
    get tmp(): { path: string; remove: () => Promise<void> } {
      if (tmp === undefined) throw new Error('useTarget: the temp folder is made in beforeAll');
      return tmp;
    },
  };
}

/** The environment the shipped suites read, pointing at `server` (the runner's own mapping). */
export function targetEnv(server: ReferenceServer): Record<string, string> {
  return referenceServerEnv(server);
}

/** The variables block most test suites start with. */
export const VARIABLES = `variables:
  apiKey: \${{ env.PHRONY_API_KEY }}
  agentId: \${{ env.AGENT_ID }}
  hitlAgentId: \${{ env.PHRONY_HITL_AGENT_ID }}
  chatAgentId: \${{ env.PHRONY_CHAT_AGENT_ID }}
  timerAgentId: \${{ env.PHRONY_TIMER_AGENT_ID }}
  fileAgentId: \${{ env.PHRONY_FILE_AGENT_ID }}
  failAgentId: \${{ env.PHRONY_FAIL_AGENT_ID }}
`;

export async function writeSuite(dir: string, name: string, yaml: string): Promise<string> {
  const file = join(dir, `${name}.yaml`);
  await writeFile(file, yaml);
  return file;
}

export async function loadSuite(file: string): Promise<Suite> {
  const result = await loadSuiteFile(file);
  if (!result.ok) throw new Error(`suite ${file} is invalid:\n${result.problems.map(formatProblem).join('\n')}`);
  return result.suite;
}

/** Writes `yaml` as a suite, runs it against `server`, returns the report and its folder. */
export async function runYaml(
  server: ReferenceServer,
  dir: string,
  name: string,
  yaml: string,
  extra: Partial<RunOptions> = {},
): Promise<{ report: Report; dir: string }> {
  const suite = await loadSuite(await writeSuite(dir, name, yaml));
  return runSuite({
    suite,
    env: targetEnv(server),
    cwd: dir,
    outDir: join(dir, `report-${name}`),
    signal: new AbortController().signal,
    ...extra,
  });
}

export function step(report: Report, name: string) {
  for (const flow of report.flows) {
    const found = flow.steps.find((s) => s.name === name);
    if (found !== undefined) return found;
  }
  throw new Error(`step ${name} not in the report`);
}

export function flow(report: Report, name: string) {
  const found = report.flows.find((f) => f.name === name);
  if (found === undefined) throw new Error(`flow ${name} not in the report`);
  return found;
}

export function failedChecks(report: Report): string[] {
  return report.failures.map((f) => `${f.step}: ${f.check}: ${f.message}`);
}

export interface FakeIo {
  io: CliIo;
  stdout(): string;
  stderr(): string;
  controller: AbortController;
}

export function fakeIo(cwd: string, env: Record<string, string | undefined> = {}): FakeIo {
  let out = '';
  let err = '';
  const controller = new AbortController();
  return {
    io: {
      stdout: (t) => void (out += t),
      stderr: (t) => void (err += t),
      env,
      cwd,
      isTTY: false,
      columns: 120,
      signal: controller.signal,
    },
    stdout: () => out,
    stderr: () => err,
    controller,
  };
}
