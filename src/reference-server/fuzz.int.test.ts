/** Random JSON bodies on every JSON route: always a JSON answer, never a 5xx, server stays up. */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServer } from './index.js';
import type { ReferenceServer } from './index.js';
import { TestClient } from './testing.js';

let server: ReferenceServer;
let c: TestClient;
let runId: string;

beforeAll(async () => {
  server = await startReferenceServer({ config: { agents: { hitl: { delayMs: 1 } } } });
  c = new TestClient(server);
  runId = (await c.startRun(server.agents.hitl)).json.runId;
  await c.waitFor(runId, (s) => s === 'WaitingForHITL');
});
afterAll(() => server.close());

const fileRef = fc.record({ phronyFile: fc.oneof(fc.constant(true), fc.anything()), filename: fc.string(), mediaType: fc.string() }, { requiredKeys: [] });
const body = fc.oneof(
  fc.jsonValue(),
  fc.record({ input: fc.oneof(fc.jsonValue(), fc.dictionary(fc.string(), fc.oneof(fc.jsonValue(), fileRef))) }, { requiredKeys: [] }),
  fc.record({
    runId: fc.oneof(fc.constant('RUN'), fc.uuid(), fc.jsonValue()),
    userTaskId: fc.oneof(fc.uuid(), fc.jsonValue()),
    approved: fc.jsonValue(),
    text: fc.oneof(fc.string(), fc.jsonValue()),
    files: fc.oneof(fc.array(fc.record({ phronyFile: fc.jsonValue(), objectKey: fc.string() })), fc.jsonValue()),
  }, { requiredKeys: [] }),
  fc.record({ filename: fc.string(), mediaType: fc.string(), maxContentLength: fc.oneof(fc.integer(), fc.double(), fc.jsonValue()), objectKey: fc.string() }, { requiredKeys: [] }),
);

describe('fuzzed JSON bodies', () => {
  it('every JSON route answers JSON with a status below 500', async () => {
    const routes = () => [
      `/v1/agents/${server.agents.complete}/runs`,
      `/v1/agents/${server.agents.file}/runs`,
      `/v1/runs/${runId}/messages`,
      '/v1/file-library/presign',
      '/v1/file-library/finalize',
    ];
    await fc.assert(
      fc.asyncProperty(body, fc.integer({ min: 0, max: 4 }), async (value, which) => {
        const json = JSON.stringify(value ?? null).replaceAll('"RUN"', JSON.stringify(runId));
        const r = await c.request('POST', routes()[which] as string, { body: json, headers: { 'content-type': 'application/json' } });
        expect(r.status).toBeLessThan(500);
        expect(r.json).toBeTypeOf('object');
      }),
      { numRuns: 300 },
    );
    expect((await c.get(`/v1/runs/${runId}`)).status).toBe(200);
  });
});
