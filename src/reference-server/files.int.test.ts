import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServer } from './index.js';
import type { ReferenceServer } from './index.js';
import { TestClient, isTerminal } from './testing.js';

let server: ReferenceServer;
let c: TestClient;

beforeAll(async () => {
  server = await startReferenceServer({ config: { files: { maxContentLength: 4096, maxTotalBytes: 10_000 } } });
  c = new TestClient(server);
});
afterAll(() => server.close());

interface Presigned {
  objectKey: string;
  uploadUrl: string;
  httpMethod: string;
  requiredHeaders: Record<string, string>;
  expiresInSeconds: number;
}

async function presign(max: number, mediaType = 'application/pdf', key = server.keys.main): Promise<Presigned> {
  const r = await c.post('/v1/file-library/presign', { filename: 'report.pdf', mediaType, maxContentLength: max }, { key });
  expect(r.status).toBe(200);
  return r.json as Presigned;
}

function put(p: Presigned, body: Uint8Array, headers: Record<string, string> = p.requiredHeaders, url = p.uploadUrl): Promise<Response> {
  return fetch(url, { method: 'PUT', headers, body, signal: AbortSignal.timeout(5_000) });
}

const finalize = (objectKey: string, max: number, key = server.keys.main) =>
  c.post('/v1/file-library/finalize', { objectKey, maxContentLength: max, filename: 'report.pdf', mediaType: 'application/pdf' }, { key });

describe('file flow', () => {
  it('presign → PUT → finalize (idempotent) → run with the file', async () => {
    const bytes = new TextEncoder().encode('%PDF-1.7 reference bytes');
    const p = await presign(bytes.length);
    expect(p.httpMethod).toBe('PUT');
    expect(p.expiresInSeconds).toBe(3600);
    expect(p.objectKey).toMatch(/^[0-9a-f-]{36}\/library\/[0-9a-f-]{36}\.pdf$/);
    expect(p.uploadUrl.startsWith(`${server.baseUrl}/_storage/${p.objectKey}?`)).toBe(true);
    expect(p.requiredHeaders).toEqual({ 'Content-Type': 'application/pdf', 'x-amz-server-side-encryption': 'AES256' });
    const up = await put(p, bytes);
    expect(up.status).toBe(200);
    const f1 = await finalize(p.objectKey, bytes.length);
    expect(f1.status).toBe(200);
    expect(f1.json).toEqual({ objectKey: p.objectKey, sizeBytes: String(bytes.length), alreadyFinalized: false });
    const f2 = await finalize(p.objectKey, bytes.length);
    expect(f2.json.alreadyFinalized).toBe(true);
    const leaf = p.objectKey.split('/').pop() as string;
    const run = await c.startRun(server.agents.file, { document: { phronyFile: true, filename: leaf, mediaType: 'application/pdf' } });
    expect(run.status).toBe(202);
    expect((await c.waitFor(run.json.runId, isTerminal)).json.status).toBe('Completed');
    // Other agents accept file references as well, and so does a key without uploads.
    const viaOther = await c.startRun(server.agents.complete, { files: [{ phronyFile: true, filename: leaf, mediaType: 'application/pdf' }] }, server.keys.noUploads);
    expect(viaOther.status).toBe(202);
  });

  it('file agent: 400 without a document or with an unknown / unfinalized leaf', async () => {
    expect((await c.startRun(server.agents.file, {})).status).toBe(400);
    const unknown = { phronyFile: true, filename: 'no-such-file.pdf', mediaType: 'application/pdf' };
    expect((await c.startRun(server.agents.file, { document: unknown })).status).toBe(400);
    expect((await c.startRun(server.agents.complete, { doc: unknown })).status).toBe(400);
    const p = await presign(10);
    await put(p, new Uint8Array(10));
    const leaf = p.objectKey.split('/').pop() as string;
    expect((await c.startRun(server.agents.file, { document: { phronyFile: true, filename: leaf, mediaType: 'application/pdf' } })).status).toBe(400);
  });
});

describe('files in a resume body (E6 files[])', () => {
  it('a waiting chat run accepts finalized objectKeys of its workspace only', async () => {
    const bytes = new Uint8Array(8);
    const p = await presign(bytes.length);
    await put(p, bytes);
    await finalize(p.objectKey, bytes.length);
    const { runId } = (await c.startRun(server.agents.chat)).json;
    await c.waitFor(runId, (s) => s === 'WaitingForResponse');
    const unknown = [{ phronyFile: true, objectKey: `${p.objectKey}x` }];
    expect((await c.post(`/v1/runs/${runId}/messages`, { runId, files: unknown })).status).toBe(400);
    const ok = await c.post(`/v1/runs/${runId}/messages`, { runId, files: [{ phronyFile: true, objectKey: p.objectKey, mediaType: 'application/pdf' }] });
    expect(ok.status).toBe(202);
    const done = await c.waitFor(runId, isTerminal);
    expect(done.json.output.files[0].objectKey).toBe(p.objectKey);
  });
});

describe('upload PUT refusals', () => {
  it('tampered signature, tampered key, missing or different headers', async () => {
    const p = await presign(100);
    const bytes = new Uint8Array(10);
    const tampered = p.uploadUrl.replace(/sig=([0-9a-f])/, (_m, ch: string) => `sig=${ch === '0' ? '1' : '0'}`);
    expect((await put(p, bytes, p.requiredHeaders, tampered)).status).toBe(403);
    const otherKey = p.uploadUrl.replace('/library/', '/library/x');
    expect((await put(p, bytes, p.requiredHeaders, otherKey)).status).toBe(403);
    const later = p.uploadUrl.replace(/expires=(\d+)/, (_m, n: string) => `expires=${Number(n) + 1000}`);
    expect((await put(p, bytes, p.requiredHeaders, later)).status).toBe(403);
    expect((await put(p, bytes, { 'Content-Type': 'application/pdf' })).status).toBe(400);
    const wrongType = await put(p, bytes, { ...p.requiredHeaders, 'Content-Type': 'text/plain' });
    expect(wrongType.status).toBe(403);
    expect(((await wrongType.json()) as { statusCode: number }).statusCode).toBe(403);
    expect((await put(p, bytes)).status).toBe(200);
  });

  it('more bytes than maxContentLength → 413', async () => {
    const p = await presign(16);
    const up = await put(p, new Uint8Array(17));
    expect(up.status).toBe(413);
    expect((await finalize(p.objectKey, 16)).status).toBe(404);
  });

  it('expired URL → 403', async () => {
    const s = await startReferenceServer({ config: { files: { expiresInSeconds: 1 } } });
    try {
      const client = new TestClient(s);
      const p = (await client.post('/v1/file-library/presign', { filename: 'a.txt', mediaType: 'text/plain', maxContentLength: 5 })).json as Presigned;
      await new Promise((done) => setTimeout(done, 1_050));
      const r = await put(p, new Uint8Array(5));
      expect(r.status).toBe(403);
      expect(((await r.json()) as { message: string }).message).toMatch(/expired/);
    } finally {
      await s.close();
    }
  });

  it('storage cap → 507', async () => {
    const a = await presign(4096);
    const b = await presign(4096);
    const cc = await presign(4096);
    expect((await put(a, new Uint8Array(4000))).status).toBe(200);
    expect((await put(b, new Uint8Array(4000))).status).toBe(200);
    expect((await put(cc, new Uint8Array(4000))).status).toBe(507);
  });
});

describe('finalize refusals', () => {
  it('never uploaded → 404; other tenant → 403; traversal → 400; size above max → 400', async () => {
    const p = await presign(50);
    expect((await finalize(p.objectKey, 50)).status).toBe(404);
    await put(p, new Uint8Array(40));
    expect((await finalize(p.objectKey, 39)).status).toBe(400);
    const other = await presign(10, 'text/plain', server.keys.other);
    expect((await finalize(other.objectKey, 10)).status).toBe(403);
    const tenant = p.objectKey.split('/')[0] as string;
    for (const bad of [`${tenant}/library/../x.pdf`, `${tenant}/library/%2e%2e%2fx`, `${tenant}/../${tenant}/library/a.pdf`, `/etc/passwd`, `${tenant}\\library\\a.pdf`]) {
      expect((await finalize(bad, 10)).status).toBe(400);
    }
  });

  it('keys without "allow file uploads" get 403 on presign and finalize', async () => {
    const r = await c.post('/v1/file-library/presign', { filename: 'a.pdf', mediaType: 'application/pdf', maxContentLength: 1 }, { key: server.keys.noUploads });
    expect(r.status).toBe(403);
    expect((await finalize('x/library/y.pdf', 1, server.keys.noUploads)).status).toBe(403);
  });
});
