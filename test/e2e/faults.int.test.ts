/** Fault injection on the reference server: the run completes, errors land on the right step. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ReferenceServer } from '../../src/reference-server/index.js';
import { VARIABLES, runYaml, startTarget, step, tempDir } from './helpers.js';

let server: ReferenceServer;
let tmp: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  server = await startTarget();
  tmp = await tempDir();
});
afterEach(() => server.setFaults({}));
afterAll(async () => {
  await server.close();
  await tmp.remove();
});

/** start (never faulted) → read the run (faulted by the test), `n` iterations. */
function suite(name: string, n: number, timeout = '10s'): string {
  return `# yaml-language-server: $schema=../schemas/suite.schema.json
name: ${name}
target: { timeout: ${timeout} }
${VARIABLES}load: { vus: 2, iterations: ${n} }
flows:
  - name: f
    steps:
      - name: start_${name}
        request: { method: POST, path: "/v1/agents/\${{ agentId }}/runs", json: { input: {} } }
        capture: { runId: /runId }
      - name: read_${name}
        request: { method: GET, path: "/v1/runs/\${{ runId }}" }
        expect: { status: 200, schema: run }
`;
}

const ON_READS = { routes: ['/v1/runs/*'], methods: ['GET'], seed: 7 };

describe('faults', () => {
  it('a 500 share shows as status failures on the faulted step only', async () => {
    server.setFaults({ ...ON_READS, errorRate: 0.5, errorStatus: 500 });
    const { report, dir } = await runYaml(server, tmp.path, 'e500', suite('e500', 20));
    const read = step(report, 'read_e500');
    expect(read.requests).toBe(20);
    expect(read.statusCodes['500']).toBeGreaterThan(0);
    expect((read.statusCodes['500'] ?? 0) + (read.statusCodes['200'] ?? 0)).toBe(20);
    expect(step(report, 'start_e500').statusCodes).toEqual({ '202': 20 });
    expect(report.failures.find((f) => f.step === 'read_e500' && f.check === 'status')?.count).toBe(read.statusCodes['500']);
    expect(report.verdict.exitCode).toBe(1);
    expect(dir).toContain('report-e500');
  });

  it('dropped connections are counted as resets on the faulted step', async () => {
    server.setFaults({ ...ON_READS, dropRate: 1 });
    const { report } = await runYaml(server, tmp.path, 'drop', suite('drop', 4));
    expect(step(report, 'read_drop').errors).toEqual({ reset: 4 });
    expect(step(report, 'start_drop').errors).toEqual({});
    expect(report.failures.find((f) => f.check === 'transport')?.category).toBe('reset');
  });

  it('stalls past a short timeout are counted as timeouts, and the run still ends', async () => {
    server.setFaults({ ...ON_READS, stallRate: 1 });
    const started = Date.now();
    const { report } = await runYaml(server, tmp.path, 'stall', suite('stall', 2, '300ms'));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(step(report, 'read_stall').errors).toEqual({ timeout: 2 });
  });

  it('invalid JSON bodies fail as body_parse', async () => {
    server.setFaults({ ...ON_READS, invalidJsonRate: 1 });
    const { report } = await runYaml(server, tmp.path, 'badjson', suite('badjson', 2));
    const failure = report.failures.find((f) => f.step === 'read_badjson');
    expect(failure?.category).toBe('body_parse');
  });
});
