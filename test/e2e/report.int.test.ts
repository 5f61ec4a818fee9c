/** The report of a run: valid against its schema, and counts that match what was sent. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { schemasDir } from '../../src/paths.js';
import { flow, runYaml, step, useTarget, VARIABLES } from './helpers.js';

const target = useTarget();

// ajv-formats is CommonJS; its plugin is also exported as `.default`, which types and runtime agree on.
const addFormats = addFormatsModule.default;

describe('run reports', () => {
  it('counts exactly the requests made and is valid against schemas/report.schema.json', async () => {
    const { report, dir } = await runYaml(target.server, target.tmp.path, 'counts', `# yaml-language-server: $schema=../schemas/suite.schema.json
name: counts
${VARIABLES}load: { vus: 2, iterations: 5 }
flows:
  - name: one
    steps:
      - name: only
        request: { method: GET, path: "/v1/agents/\${{ agentId }}/sessions" }
        expect: { status: 200 }
`);
    expect(step(report, 'only').histograms['latency']?.count).toBe(5);
    expect(step(report, 'only').requests).toBe(5);
    expect(report.totals.requests).toBe(5);
    expect(report.totals.latency.count).toBe(5);
    expect(report.totals.iterations).toBe(5);
    expect(flow(report, 'one').duration.count).toBe(5);
    expect(report.target).toMatchObject({ baseUrl: target.server.baseUrl, embedded: false });
    expect(report.target.fingerprint.host).toBe(new URL(target.server.baseUrl).host);

    const schema = JSON.parse(await readFile(join(schemasDir, 'report.schema.json'), 'utf8')) as object;
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const onDisk = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as unknown;
    expect(validate(onDisk), JSON.stringify(validate.errors)).toBe(true);
  });

  it('weights flows by round-robin over a shared iteration budget', async () => {
    const { report } = await runYaml(target.server, target.tmp.path, 'weights', `# yaml-language-server: $schema=../schemas/suite.schema.json
name: weights
${VARIABLES}load: { vus: 3, iterations: 8 }
flows:
  - name: heavy
    weight: 3
    steps:
      - name: heavy_get
        request: { method: GET, path: "/v1/agents/\${{ agentId }}/sessions" }
  - name: light
    steps:
      - name: light_get
        request: { method: GET, path: "/v1/agents/\${{ agentId }}/sessions" }
`);
    expect(flow(report, 'heavy').iterations).toBe(6);
    expect(flow(report, 'light').iterations).toBe(2);
  });
});
