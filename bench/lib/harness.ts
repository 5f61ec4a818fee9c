/**
 * Our side of each comparison: `node dist/cli/main.js run <generated suite>` in a child process
 * (pinned to the client core unless told otherwise), its figures read back from report.json.
 * The suites are generated here so that the bench runs exactly what it documents.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Report } from '../../src/report/model.js';
import { benchFile, CLIENT_CORE, runToJson, spawnNode } from './proc.js';

export interface HarnessRun {
  report: Report;
  /** Requests per second over the run (all requests / run duration). */
  rps: number;
  /** CPU time of the whole process (start-up and report writing included), µs. */
  cpuUs: number;
}

export interface HarnessOptions {
  distMain: string;
  tmp: string;
  /** Extra command-line arguments (`--workers 1`, `--rate 200`, …). */
  args: string[];
  env?: Record<string, string>;
  /** Pin to the client core. Default true. */
  pin?: boolean;
  /** Hard bound on the child's life. */
  timeoutMs: number;
  /** Called with the child's pid once it runs (figure 3 pauses it). */
  onStart?: (pid: number) => void;
}

/**
 * The API key the harness sends to the fixed-response servers (they ignore it); autocannon and
 * the bare loops send the same header, so every contender writes the same request bytes.
 */
export const BENCH_KEY = 'bench-key';

let counter = 0;

/** Runs `suiteYaml` through the CLI and reads its report. Throws when no report was written. */
export async function runHarness(name: string, suiteYaml: string, o: HarnessOptions): Promise<HarnessRun> {
  counter += 1;
  const file = join(o.tmp, `${name}-${counter}.yaml`);
  const out = join(o.tmp, `${name}-${counter}-report`);
  await writeFile(file, suiteYaml);
  const env = { ...process.env, ...o.env };
  const s = spawnNode(benchFile('children/cli-cpu.mjs'), [o.distMain, 'run', file, '--out', out, '--quiet', ...o.args], {
    ...(o.pin === false ? {} : { core: CLIENT_CORE }),
    env,
  });
  if (s.child.pid !== undefined) o.onStart?.(s.child.pid);
  const timer = setTimeout(() => s.child.pid !== undefined && process.kill(-s.child.pid, 'SIGKILL'), o.timeoutMs);
  const code = await s.exited;
  clearTimeout(timer);
  let report: Report;
  try {
    report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as Report;
  } catch {
    throw new Error(`run exited with ${code} and wrote no report: ${(s.stderr() || s.stdout()).slice(-1500)}`);
  }
  await rm(out, { recursive: true, force: true });
  const cpu = /@@cpu (\{.*\})/.exec(s.stderr());
  const cpuUs = cpu?.[1] !== undefined ? (JSON.parse(cpu[1]) as { cpuUs: number }).cpuUs : Number.NaN;
  return { report, rps: report.totals.requests / (report.run.durationMs / 1000), cpuUs };
}

/**
 * CPU µs the CLI spends on one run apart from its requests (start-up, schema compilation,
 * report writing): the median of three one-iteration runs of `suiteYaml`. Subtracted from a
 * measured run's CPU to get its CPU per request.
 */
export async function fixedCpuUs(suiteYaml: string, o: HarnessOptions): Promise<number> {
  const runs: number[] = [];
  for (let i = 0; i < 3; i += 1) runs.push((await runHarness('baseline', suiteYaml, o)).cpuUs);
  return runs.sort((a, b) => a - b)[1] ?? Number.NaN;
}

/** CPU µs per request of a harness run, its fixed cost taken off. */
export function harnessCpuPerRequest(run: HarnessRun, fixedUs: number): number {
  return (run.cpuUs - fixedUs) / Math.max(1, run.report.totals.requests);
}

/** True when the CLI's `run` accepts `flag` (the colleague's options land over time). */
export async function cliAccepts(distMain: string, tmp: string, flag: string[]): Promise<boolean> {
  const file = join(tmp, 'probe.yaml');
  await writeFile(file, 'name: probe\nflows:\n  - name: f\n    steps:\n      - { name: s, request: { path: /x } }\n');
  const s = spawnNode(distMain, ['run', file, '--base-url', 'http://127.0.0.1:9', '--iterations', '1', '--out', join(tmp, 'probe-report'), '--quiet', ...flag]);
  try {
    await runToJson(s, 20_000);
  } catch {
    // Exit codes other than 0 are expected (nothing listens on port 9).
  }
  await rm(join(tmp, 'probe-report'), { recursive: true, force: true });
  const text = s.stderr() + s.stdout();
  return !/unknown option|Unknown option|not available yet/i.test(text);
}

/** One request step with a status check: figure 1 and 5's plain GET (seconds 0: one iteration). */
export function plainGetSuite(vus: number, seconds: number): string {
  return `name: bench-plain-get
variables: { apiKey: ${BENCH_KEY} }
load: ${seconds > 0 ? `{ vus: ${vus}, duration: ${seconds}s }` : '{ vus: 1, iterations: 1 }'}
flows:
  - name: get
    steps:
      - name: get
        request: { method: GET, path: /ok }
        expect: { status: 200 }
`;
}

/** One blast step: figure 1's blast. */
export function blastSuite(connections: number, seconds: number): string {
  return `name: bench-blast
variables: { apiKey: ${BENCH_KEY} }
load: { vus: 1, iterations: 1 }
flows:
  - name: blast
    steps:
      - name: blast
        blast: { request: { method: GET, path: /ok }, connections: ${connections}, duration: ${seconds}s }
        expect: { status: [200] }
`;
}

/** Start a run and poll it to a terminal status, with schema checks: figure 2 (seconds 0: one iteration). */
export function startPollSuite(vus: number, seconds: number, pollMs: number): string {
  return `name: bench-start-poll
variables:
  apiKey: \${{ env.PHRONY_API_KEY }}
  agentId: \${{ env.AGENT_ID }}
load: ${seconds > 0 ? `{ vus: ${vus}, duration: ${seconds}s }` : '{ vus: 1, iterations: 1 }'}
flows:
  - name: start_poll
    steps:
      - name: start
        request:
          method: POST
          path: /v1/agents/\${{ agentId }}/runs
          json: { input: { n: "\${{ iteration }}" } }
        expect: { status: 202, schema: start-run }
        capture: { runId: /runId }
      - name: poll
        poll:
          request: { method: GET, path: "/v1/runs/\${{ runId }}" }
          until: { path: /status, oneOf: [Completed, Failed, Cancelled] }
          interval: ${pollMs}ms
          maxAttempts: 200
        expect: { status: 200, schema: run }
`;
}

/** One GET per arrival at a fixed rate (figure 3's open-model half). */
export function openGetSuite(): string {
  return `name: bench-open
variables: { apiKey: ${BENCH_KEY} }
flows:
  - name: get
    steps:
      - name: get
        request: { method: GET, path: /ok }
        expect: { status: 200 }
`;
}
