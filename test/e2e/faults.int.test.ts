/** Fault injection on the reference server: the run completes, errors land on the right step. */
import { afterEach, describe, expect, it } from 'vitest';
import { runYaml, step, useTarget, VARIABLES } from './helpers.js';

const target = useTarget();
afterEach(() => target.server.setFaults({}));

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
    target.server.setFaults({ ...ON_READS, errorRate: 0.5, errorStatus: 500 });
    const { report, dir } = await runYaml(target.server, target.tmp.path, 'e500', suite('e500', 20));
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
    target.server.setFaults({ ...ON_READS, dropRate: 1 });
    const { report } = await runYaml(target.server, target.tmp.path, 'drop', suite('drop', 4));
    expect(step(report, 'read_drop').errors).toEqual({ reset: 4 });
    expect(step(report, 'start_drop').errors).toEqual({});
    expect(report.failures.find((f) => f.check === 'transport')?.category).toBe('reset');
  });

  it('stalls past a short timeout are counted as timeouts, and the run still ends', async () => {
    target.server.setFaults({ ...ON_READS, stallRate: 1 });
    const started = Date.now();
    const { report } = await runYaml(target.server, target.tmp.path, 'stall', suite('stall', 2, '300ms'));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(step(report, 'read_stall').errors).toEqual({ timeout: 2 });
  });

  it('a stalled upload PUT is a timeout on the upload step; the presigned signature never reaches the report', async () => {
    target.server.setFaults({ routes: ['/_storage/**'], stallRate: 1 });
    const { report, dir } = await runYaml(target.server, target.tmp.path, 'put-drop', `# yaml-language-server: $schema=../schemas/suite.schema.json
name: put-drop
target: { timeout: 300ms }
${VARIABLES}flows:
  - name: f
    steps:
      - name: up_drop
        upload: { generate: { size: 32KiB, pattern: zeros }, filename: a.pdf, mediaType: application/pdf, as: doc }
      - name: after_drop
        request: { method: GET, path: "/v1/agents/\${{ agentId }}/sessions" }
`);
    const up = step(report, 'up_drop');
    expect(up.errors).toEqual({ timeout: 1 });
    expect(up.histograms['presign']?.count).toBe(1);
    expect(up.histograms['finalize']).toBeUndefined();
    expect(step(report, 'after_drop').requests).toBe(0);
    const failure = report.failures.find((f) => f.step === 'up_drop');
    expect(failure).toMatchObject({ check: 'transport', category: 'timeout' });
    expect(failure?.request?.url).toContain('/_storage/');
    expect(failure?.request?.url).toMatch(/sig=(\[redacted\]|%5Bredacted%5D)/);
    const { readFile } = await import('node:fs/promises');
    expect(await readFile(`${dir}/report.json`, 'utf8')).not.toMatch(/sig=[0-9a-f]{16,}/i);
  });

  it('a 500 at presign stops the upload there, named on its sub-request', async () => {
    target.server.setFaults({ routes: ['/v1/file-library/presign'], errorRate: 1, errorStatus: 500 });
    const { report } = await runYaml(target.server, target.tmp.path, 'presign500', `# yaml-language-server: $schema=../schemas/suite.schema.json
name: presign500
${VARIABLES}flows:
  - name: f
    steps:
      - name: up_500
        upload: { generate: { size: 1KiB, pattern: text }, filename: a.txt, mediaType: text/plain, as: doc }
`);
    expect(step(report, 'up_500')).toMatchObject({ requests: 1, statusCodes: { '500': 1 } });
    expect(report.failures.map((f) => f.check)).toEqual(['presign status']);
  });

  it('invalid JSON bodies fail as body_parse', async () => {
    target.server.setFaults({ ...ON_READS, invalidJsonRate: 1 });
    const { report } = await runYaml(target.server, target.tmp.path, 'badjson', suite('badjson', 2));
    const failure = report.failures.find((f) => f.step === 'read_badjson');
    expect(failure?.category).toBe('body_parse');
  });
});
