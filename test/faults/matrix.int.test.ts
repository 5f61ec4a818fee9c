/**
 * The fault matrix (issue 7): the harness against a misbehaving target. Each row runs a real
 * suite through runSuite against a purpose-built loopback server (or a closed port, or a name
 * that does not resolve) and asserts that the run finished, the error sits under the expected
 * category on the expected step, the report is valid against schemas/report.schema.json, and
 * memory stayed bounded. Reference-server fault rows (500 share, drops, stalls, invalid JSON,
 * stalled storage PUT) are in test/e2e/faults.int.test.ts; this file does not repeat them.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultConfig, ReferenceServer } from '../../src/reference-server/index.js';
import type { Report } from '../../src/report/model.js';
import { validateReport } from '../../src/report/read.js';
import { runSuite } from '../../src/runner/run.js';
import { VARIABLES, loadSuite, startTarget, targetEnv, tempDir, writeSuite } from '../e2e/helpers.js';
import { PRESIGN_SIG, startMisbehavingServer, type MisbehavingServer } from './misbehaving-server.js';

let target: MisbehavingServer;
let reference: ReferenceServer;
let tmp: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  target = await startMisbehavingServer();
  reference = await startTarget();
  tmp = await tempDir();
});
afterAll(async () => {
  await target.close();
  await reference.close();
  await tmp.remove();
});

const KEY = 'phk_fault_matrix_key_5e5e5e5e';

interface Row {
  fault: string;
  /** Base URL of the run; default the fault's URL on the misbehaving server. */
  baseUrl?: () => string | Promise<string>;
  /** Run against the reference server with this fault injection instead. */
  reference?: FaultConfig;
  target?: string;
  iterations?: number;
  step: string;
  /** The step's YAML (indented under `steps:`). */
  yaml: string;
  /** What the report must show on `step`. */
  expectStep: (report: Report) => void;
  /** Longest the run may take. Default 10 s (a hung run would take the 30 s test timeout). */
  maxMs?: number;
  /**
   * Largest growth of live heap + Buffers during the run (bytes), sampled after a full GC.
   * Default: not sampled live; the cheaper peak including garbage must stay under 64 MiB.
   */
  maxLiveGrowth?: number;
}

function suiteYaml(row: Row): string {
  return `name: fault-${row.fault}
target: { ${row.target ?? 'timeout: 2s'} }
${row.reference !== undefined ? VARIABLES : `variables:\n  apiKey: ${KEY}\n`}load: { vus: 2, iterations: ${row.iterations ?? 4} }
flows:
  - name: f
    steps:
${row.yaml}`;
}

function get(step: string, expect = ''): string {
  return `      - name: ${step}
        request: { method: GET, path: /v1/runs/r1 }
${expect}`;
}

/** A run started on the reference server's `complete` agent, its id captured. */
const START = `      - name: start
        request: { method: POST, path: "/v1/agents/\${{ agentId }}/runs", json: { input: {} } }
        capture: { runId: /runId }
`;

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

function stepOf(report: Report, name: string): Report['flows'][number]['steps'][number] {
  const found = report.flows.flatMap((f) => f.steps).find((s) => s.name === name);
  if (found === undefined) throw new Error(`step ${name} missing from the report`);
  return found;
}

function failureOf(report: Report, name: string) {
  return report.failures.filter((f) => f.step === name);
}

/** JS heap plus Buffers (external): response bodies live in the latter. */
function heapAndBuffers(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

// A full collection before each sample measures what is live, not garbage awaiting the next GC.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function liveMemory(): number {
  gc();
  return heapAndBuffers();
}

interface Memory {
  /** Peak growth of heap + Buffers during the run (live only when sampled after a GC). */
  peakGrowth: number;
  /** Growth still live after the run, once collected. */
  retained: number;
}

/**
 * Runs `work` while sampling heap + Buffers every 20 ms. With `live`, each sample (every 50 ms)
 * follows a full GC so the peak is what was really held, not garbage awaiting collection.
 */
async function measured<T>(work: () => Promise<T>, live: boolean): Promise<{ result: T; memory: Memory }> {
  const base = liveMemory();
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, live ? liveMemory() : heapAndBuffers());
  }, live ? 50 : 20);
  try {
    const result = await work();
    const after = liveMemory();
    return { result, memory: { peakGrowth: Math.max(peak, after) - base, retained: after - base } };
  } finally {
    clearInterval(timer);
  }
}

/** The figures of each row, printed once at the end for test/RELIABILITY.md. */
const figures: string[] = [];

/** Runs the row's suite against its target; the reference server's faults are set for it alone. */
async function runAgainstTarget(row: Row, id: number, outDir: string): Promise<{ report: Report; memory: Memory }> {
  const suite = await loadSuite(await writeSuite(tmp.path, `fault-${id}-${row.fault}`, suiteYaml(row)));
  const ref = row.reference;
  const baseUrl = ref !== undefined ? reference.baseUrl : row.baseUrl !== undefined ? await row.baseUrl() : target.url(row.fault);
  if (ref !== undefined) reference.setFaults(ref);
  try {
    const env = ref !== undefined ? targetEnv(reference) : {};
    const signal = new AbortController().signal;
    const { result, memory } = await measured(() => runSuite({ suite, baseUrl, env, cwd: tmp.path, outDir, signal }), row.maxLiveGrowth !== undefined);
    return { report: result.report, memory };
  } finally {
    if (ref !== undefined) reference.setFaults({});
  }
}

async function runRow(row: Row, id: number): Promise<Report> {
  const outDir = join(tmp.path, `out-${id}-${row.fault}`);
  const started = Date.now();
  const { report, memory } = await runAgainstTarget(row, id, outDir);
  const ms = Date.now() - started;
  const mib = (n: number): string => `${(n / 2 ** 20).toFixed(1)} MiB`;
  figures.push(`${row.fault}: ${ms} ms, peak ${row.maxLiveGrowth !== undefined ? 'live ' : ''}growth ${mib(memory.peakGrowth)}, retained ${mib(memory.retained)}`);
  expect(ms, 'the run finished in bounded time').toBeLessThan(row.maxMs ?? 10_000);
  expect(memory.peakGrowth, 'memory stayed bounded during the run').toBeLessThan(row.maxLiveGrowth ?? 64 * 2 ** 20);
  expect(memory.retained, 'nothing of the run stays live after it').toBeLessThan(8 * 2 ** 20);
  const text = await readFile(join(outDir, 'report.json'), 'utf8');
  expect(validateReport(JSON.parse(text)), 'report.json is valid against its schema').toEqual([]);
  expect(report.run.status).toBe('completed');
  const key = row.reference !== undefined ? reference.keys.main : KEY;
  for (const name of ['report.json', 'report.html', 'junit.xml', 'summary.md']) {
    expect(await readFile(join(outDir, name), 'utf8'), name).not.toContain(key);
  }
  row.expectStep(report);
  return report;
}

const ROWS: Row[] = [
  {
    fault: 'refused',
    baseUrl: async () => `http://127.0.0.1:${await closedPort()}`,
    step: 'read',
    yaml: get('read'),
    expectStep: (r) => {
      expect(stepOf(r, 'read').errors).toEqual({ refused: 4 });
      expect(r.verdict.exitCode).toBe(5);
    },
  },
  {
    fault: 'dns',
    baseUrl: () => 'http://phrony-nowhere.invalid',
    step: 'read',
    yaml: get('read'),
    expectStep: (r) => expect(stepOf(r, 'read').errors).toEqual({ dns: 4 }),
  },
  {
    fault: 'reset',
    step: 'read',
    yaml: get('read'),
    expectStep: (r) => {
      expect(stepOf(r, 'read').errors).toEqual({ reset: 4 });
      expect(failureOf(r, 'read')[0]).toMatchObject({ check: 'transport', category: 'reset' });
    },
  },
  {
    fault: 'hangup',
    step: 'read',
    yaml: get('read'),
    expectStep: (r) => expect(stepOf(r, 'read').errors).toEqual({ reset: 4 }),
  },
  {
    // Not HTTP: an 'other' error with the client's parser code, never a crash.
    fault: 'garbage',
    step: 'read',
    yaml: get('read'),
    expectStep: (r) => {
      expect(stepOf(r, 'read').errors).toEqual({ other: 4 });
      expect(failureOf(r, 'read')[0]?.message).toMatch(/^INVALID_RESPONSE: /);
    },
  },
  {
    fault: 'huge-headers',
    step: 'read',
    yaml: get('read'),
    expectStep: (r) => {
      expect(stepOf(r, 'read').errors).toEqual({ other: 4 });
      expect(failureOf(r, 'read')[0]?.message).toMatch(/^HEADERS_TOO_LARGE: /);
    },
  },
  {
    fault: 'stall',
    target: 'timeout: 300ms',
    step: 'read',
    yaml: get('read'),
    expectStep: (r) => expect(stepOf(r, 'read').errors).toEqual({ timeout: 4 }),
  },
  {
    // Headers arrive at once, then a byte every 50 ms: the timeout covers the body too.
    fault: 'trickle',
    target: 'timeout: 400ms',
    step: 'read',
    yaml: get('read'),
    expectStep: (r) => expect(stepOf(r, 'read').errors).toEqual({ timeout: 4 }),
  },
  {
    // 40 × 5 MiB = 200 MiB sent; only maxBodyBytes (1 MiB default) per request is kept, the
    // rest is counted and dropped. The peak (sampled after a full GC, 12–36 MiB here) varies
    // with Buffer memory that V8 frees shortly after a collection; the JS heap grows 2–3 MiB.
    // It does not grow with the number of requests.
    fault: 'huge',
    iterations: 40,
    maxMs: 25_000,
    step: 'read',
    yaml: get('read', '        expect: { body: [{ path: /runId, exists: true }] }\n'),
    maxLiveGrowth: 48 * 2 ** 20,
    expectStep: (r) => {
      expect(stepOf(r, 'read').requests).toBe(40);
      expect(failureOf(r, 'read')[0]).toMatchObject({ category: 'body_too_large', count: 40 });
    },
  },
  {
    fault: 'badjson',
    step: 'read',
    yaml: get('read', '        expect: { schema: run }\n'),
    expectStep: (r) => expect(failureOf(r, 'read')[0]).toMatchObject({ category: 'body_parse', count: 4 }),
  },
  {
    fault: 'html',
    step: 'read',
    yaml: get('read', '        expect: { schema: run }\n'),
    expectStep: (r) => {
      const failure = failureOf(r, 'read')[0];
      expect(failure).toMatchObject({ category: 'body_parse', count: 4 });
      expect(failure?.message).toContain('text/html');
    },
  },
  {
    fault: 'storm',
    iterations: 200,
    step: 'read',
    yaml: get('read'),
    expectStep: (r) => {
      expect(stepOf(r, 'read').statusCodes).toEqual({ '500': 200 });
      expect(failureOf(r, 'read')[0]).toMatchObject({ check: 'status', category: 'status', count: 200 });
      expect(r.verdict.exitCode).toBe(1);
    },
  },
  {
    fault: 'sse-drop',
    step: 'watch',
    yaml: `      - name: watch
        stream: { runId: r1, until: engine.session.completed, timeout: 3s }
`,
    expectStep: (r) => {
      expect(stepOf(r, 'watch').errors).toEqual({ reset: 4 });
      expect(stepOf(r, 'watch').histograms['events']?.count).toBe(4);
    },
  },
  {
    // 4 × 8 MiB event lines: the SSE parser buffers at most 1 MiB of one event, then gives up.
    fault: 'sse-huge',
    step: 'watch',
    yaml: `      - name: watch
        stream: { runId: r1, timeout: 5s }
`,
    maxLiveGrowth: 16 * 2 ** 20,
    expectStep: (r) => {
      const failure = failureOf(r, 'watch')[0];
      expect(failure?.category).toBe('body_too_large');
      expect(stepOf(r, 'watch').requests).toBe(4);
    },
  },
  {
    fault: 'sse-silent',
    step: 'watch',
    yaml: `      - name: watch
        stream: { runId: r1, timeout: 300ms }
`,
    expectStep: (r) => expect(failureOf(r, 'watch')[0]).toMatchObject({ check: 'stream events', category: 'timeout', count: 4 }),
  },
  {
    fault: 'put-hang',
    target: 'timeout: 300ms',
    step: 'up',
    yaml: `      - name: up
        upload: { generate: { size: 256KiB, pattern: random }, filename: a.pdf, mediaType: application/pdf, as: doc }
      - name: after
        request: { method: GET, path: /v1/runs/r1 }
`,
    expectStep: (r) => {
      expect(stepOf(r, 'up').errors).toEqual({ timeout: 4 });
      expect(stepOf(r, 'after').requests).toBe(0);
      expect(failureOf(r, 'up')[0]?.request?.url).not.toContain(PRESIGN_SIG);
    },
  },
  {
    fault: 'redirect',
    target: 'followRedirects: true',
    step: 'read',
    yaml: get('read', '        expect: { body: [{ path: /landed, equals: true }] }\n'),
    expectStep: (r) => {
      expect(stepOf(r, 'read').statusCodes).toEqual({ '200': 4 });
      expect(r.failures).toEqual([]);
    },
  },
  {
    fault: 'redirect',
    target: 'followRedirects: false',
    step: 'read',
    yaml: get('read'),
    expectStep: (r) => {
      expect(stepOf(r, 'read').statusCodes).toEqual({ '302': 4 });
      expect(failureOf(r, 'read')[0]).toMatchObject({ check: 'status', category: 'status' });
    },
  },
  {
    fault: 'redirect-loop',
    target: 'followRedirects: true',
    step: 'read',
    yaml: get('read'),
    expectStep: (r) => {
      expect(stepOf(r, 'read').errors).toEqual({ redirect: 4 });
      expect(failureOf(r, 'read')[0]?.message).toContain('TOO_MANY_REDIRECTS');
    },
  },
  // The reference server's own fault injection, on routes test/e2e/faults.int.test.ts leaves alone.
  {
    fault: 'ref-stream-drop',
    reference: { routes: ['/v1/runs/*/stream'], dropRate: 1 },
    step: 'watch',
    yaml: `${START}      - name: watch
        stream: { runId: "\${{ runId }}", until: engine.session.completed, timeout: 5s }
`,
    expectStep: (r) => {
      expect(stepOf(r, 'start').statusCodes).toEqual({ '202': 4 });
      expect(stepOf(r, 'watch').errors).toEqual({ reset: 4 });
    },
  },
  {
    fault: 'ref-latency',
    reference: { routes: ['/v1/runs/*'], methods: ['GET'], latency: { fixedMs: 600 } },
    target: 'timeout: 200ms',
    step: 'wait',
    yaml: `${START}      - name: wait
        poll: { request: { method: GET, path: "/v1/runs/\${{ runId }}" }, until: { path: /status, equals: Completed }, interval: 20ms, timeout: 1s }
`,
    // A poll keeps trying through failed attempts until its own timeout: several timeouts each.
    expectStep: (r) => {
      expect(Object.keys(stepOf(r, 'wait').errors)).toEqual(['timeout']);
      expect(stepOf(r, 'wait').errors['timeout']).toBeGreaterThanOrEqual(8);
      expect(failureOf(r, 'wait').every((f) => f.category === 'timeout')).toBe(true);
    },
  },
  {
    fault: 'ref-503-on-start',
    reference: { routes: ['/v1/agents/*/runs'], methods: ['POST'], errorRate: 1 },
    step: 'start',
    yaml: `${START}      - name: read
        request: { method: GET, path: "/v1/runs/\${{ runId }}" }
`,
    expectStep: (r) => {
      expect(stepOf(r, 'start').statusCodes).toEqual({ '503': 4 });
      expect(failureOf(r, 'start')[0]).toMatchObject({ check: 'status', category: 'status' });
      expect(stepOf(r, 'read').requests).toBe(0);
    },
  },
  {
    fault: 'ref-presign-invalid-json',
    reference: { routes: ['/v1/file-library/presign'], invalidJsonRate: 1 },
    step: 'up',
    yaml: `      - name: up
        upload: { generate: { size: 4KiB, pattern: text }, filename: a.txt, mediaType: text/plain, as: doc }
`,
    expectStep: (r) => {
      expect(failureOf(r, 'up')[0]).toMatchObject({ check: 'presign schema presign', category: 'body_parse' });
      expect(stepOf(r, 'up').histograms['put']).toBeUndefined();
    },
  },
];

describe('fault matrix', () => {
  it.each(ROWS.map((row, i) => [`${row.fault}${row.target ? ` (${row.target})` : ''}`, i] as const))('%s', async (_name, i) => {
    const row = ROWS[i];
    if (row === undefined) throw new Error('no row');
    await runRow(row, i);
  });

  it('leaves no socket open on the target once the runs are over', async () => {
    // Cancelled requests (timeouts, stalls, hung PUTs) must close their sockets, not park them.
    const deadline = Date.now() + 2000;
    while (target.openSockets() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(target.openSockets()).toBe(0);
    if (process.env['PHRONY_FAULT_FIGURES'] === '1') process.stdout.write(`${figures.join('\n')}\n`);
  });
});
