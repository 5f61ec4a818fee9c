import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from './client.js';
import type { HttpRequest } from './types.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const KEY = 'phk_live_5ecr3tK3yValue0123456789';

/** Starts a loopback server on port 0; every started server is closed after the test file. */
const servers: Server[] = [];
async function listen(handler: Handler): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function get(url: string, extra: Partial<HttpRequest> = {}): HttpRequest {
  return { method: 'GET', url, headers: { 'x-api-key': KEY }, timeoutMs: 5_000, maxBodyBytes: 1 << 20, followRedirects: false, ...extra };
}

let client: HttpClient;
let base: string;
let connections = 0;

beforeAll(async () => {
  base = await listen((req, res) => route(req, res));
  servers[0]?.on('connection', () => connections++);
});
afterEach(async () => {
  await client?.destroy();
});
afterAll(async () => {
  for (const s of servers) s.closeAllConnections();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

function route(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  switch (url.pathname) {
    case '/json': return void res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end('{"ok":true,"n":[1,2]}');
    case '/404': return void res.writeHead(404, { 'content-type': 'application/problem+json' }).end('{"statusCode":404,"message":"nope"}');
    case '/500': return void res.writeHead(500, { 'content-type': 'text/plain' }).end('boom');
    case '/bad-json': return void res.writeHead(200, { 'content-type': 'application/json' }).end(`{"echo": "${KEY}"`);
    case '/text-json': return void res.writeHead(200, { 'content-type': 'text/plain' }).end('{"a":1}');
    case '/empty': return void res.writeHead(202, { 'content-type': 'application/json' }).end();
    case '/big': return big(res);
    case '/reset-after-headers':
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"partial":');
      return void setTimeout(() => req.socket.destroy(), 20);
    case '/reset-before-headers': return void req.socket.destroy();
    case '/stall': return; // never answers
    case '/trickle': return trickle(req, res);
    case '/upload': return upload(req, res);
    case '/method': return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ method: req.method, key: req.headers['x-api-key'] ?? null }));
    case '/r302': return void res.writeHead(302, { location: '/json' }).end();
    case '/r303': return void res.writeHead(303, { location: '/method' }).end();
    case '/r307': return void res.writeHead(307, { location: '/method' }).end();
    case '/loop': return void res.writeHead(302, { location: '/loop' }).end();
    case '/to': return void res.writeHead(302, { location: url.searchParams.get('u') ?? '/' }).end();
    default: return void res.writeHead(404).end();
  }
}

const BIG_BYTES = 5 * 1024 * 1024;
function big(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(BIG_BYTES) });
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  let sent = 0;
  const pump = (): void => {
    while (sent < BIG_BYTES) {
      sent += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    res.end();
  };
  pump();
}

function trickle(req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/plain' });
  const timer = setInterval(() => res.write('.'), 50);
  req.socket.on('close', () => clearInterval(timer));
}

function upload(req: IncomingMessage, res: ServerResponse): void {
  let bytes = 0;
  req.on('data', (c: Buffer) => (bytes += c.length));
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ bytes, te: req.headers['transfer-encoding'] ?? null })));
}

describe('HttpClient', () => {
  it('returns a JSON success with timings', async () => {
    client = new HttpClient();
    const ex = await client.request(get(`${base}/json`));
    expect(ex.error).toBeUndefined();
    expect(ex.status).toBe(200);
    expect(ex.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(ex.json).toEqual({ ok: true, n: [1, 2] });
    expect(ex.bodyBytes).toBe(21);
    expect(ex.truncated).toBe(false);
    expect(ex.ttfbUs).toBeGreaterThan(0);
    expect(ex.durationUs).toBeGreaterThanOrEqual(ex.ttfbUs ?? 0);
    expect(Math.abs(ex.startedAtMs - Date.now())).toBeLessThan(5_000);
  });

  it('returns 4xx and 5xx as data', async () => {
    client = new HttpClient();
    const notFound = await client.request(get(`${base}/404`));
    expect(notFound).toMatchObject({ status: 404, json: { statusCode: 404, message: 'nope' } });
    expect(notFound.error).toBeUndefined();
    const failed = await client.request(get(`${base}/500`));
    expect(failed).toMatchObject({ status: 500, bodyText: 'boom' });
    expect(failed.json).toBeUndefined();
    expect(failed.error).toBeUndefined();
  });

  it('categorises a refused connection', async () => {
    client = new HttpClient();
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    await new Promise((r) => server.close(r));
    const ex = await client.request(get(`http://127.0.0.1:${port}/`));
    expect(ex.error).toMatchObject({ category: 'refused', code: 'ECONNREFUSED' });
    expect(ex.status).toBeUndefined();
    expect(JSON.stringify(ex)).not.toContain(KEY);
  });

  it('releases a streamed body that was never sent (a file upload to a refused port keeps no fd)', async () => {
    client = new HttpClient();
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    await new Promise((r) => server.close(r));
    const dir = await mkdtemp(join(tmpdir(), 'phrony-http-'));
    const file = join(dir, 'upload.bin');
    await writeFile(file, Buffer.alloc(64 * 1024, 1));
    const body = createReadStream(file);
    await new Promise((r) => body.once('open', r));
    const ex = await client.request({ ...get(`http://127.0.0.1:${port}/put`), method: 'PUT', body });
    expect(ex.error).toMatchObject({ category: 'refused' });
    expect(body.destroyed).toBe(true);
    await rm(dir, { recursive: true, force: true });
  });

  it('categorises a reset before and after the headers', async () => {
    client = new HttpClient();
    const before = await client.request(get(`${base}/reset-before-headers`));
    expect(before.error?.category).toBe('reset');
    const after = await client.request(get(`${base}/reset-after-headers`));
    expect(after.status).toBe(200);
    expect(after.error?.category).toBe('reset');
    expect(JSON.stringify([before, after])).not.toContain(KEY);
  });

  it('times out a stalled server on time', async () => {
    client = new HttpClient();
    const t0 = performance.now();
    const ex = await client.request(get(`${base}/stall`, { timeoutMs: 300 }));
    const elapsed = performance.now() - t0;
    expect(ex.error).toMatchObject({ category: 'timeout' });
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(1_000);
    expect(ex.durationUs).toBeGreaterThanOrEqual(290_000);
  });

  it('times out a request queued behind a busy connection on time', async () => {
    client = new HttpClient({ connections: 1 });
    const stalled = client.request(get(`${base}/stall`, { timeoutMs: 1_500 }));
    const t0 = performance.now();
    const queued = await client.request(get(`${base}/json`, { timeoutMs: 300 }));
    expect(queued.error?.category).toBe('timeout');
    expect(performance.now() - t0).toBeLessThan(1_000);
    expect((await stalled).error?.category).toBe('timeout');
  });

  it('times out a slow trickle that keeps the body timeout alive', async () => {
    client = new HttpClient();
    const t0 = performance.now();
    const ex = await client.request(get(`${base}/trickle`, { timeoutMs: 400 }));
    expect(ex.status).toBe(200);
    expect(ex.error?.category).toBe('timeout');
    expect(performance.now() - t0).toBeLessThan(1_200);
  });

  it('keeps maxBodyBytes of a 5 MB body, drains the rest and reuses the connection', async () => {
    client = new HttpClient({ connections: 1 });
    const before = connections;
    const ex = await client.request(get(`${base}/big`, { maxBodyBytes: 64 * 1024 }));
    expect(ex.error).toBeUndefined();
    expect(ex.truncated).toBe(true);
    expect(ex.bodyText?.length).toBe(64 * 1024);
    expect(ex.bodyBytes).toBe(BIG_BYTES);
    // Cut JSON is not blamed on the target.
    expect(ex.json).toBeUndefined();
    expect(ex.jsonError).toBeUndefined();
    const next = await client.request(get(`${base}/json`));
    expect(next.status).toBe(200);
    expect(connections - before).toBe(1);
  });

  it('reports invalid JSON without leaking an echoed key', async () => {
    client = new HttpClient();
    const ex = await client.request(get(`${base}/bad-json`));
    expect(ex.status).toBe(200);
    expect(ex.error).toBeUndefined();
    expect(ex.json).toBeUndefined();
    expect(ex.jsonError).toBeTruthy();
    expect(ex.jsonError).not.toContain(KEY);
  });

  it('parses JSON by content type unless told to always parse', async () => {
    client = new HttpClient();
    const auto = await client.request(get(`${base}/text-json`));
    expect(auto.json).toBeUndefined();
    expect(auto.jsonError).toBeUndefined();
    const always = await client.request(get(`${base}/text-json`, { parseJson: 'always' }));
    expect(always.json).toEqual({ a: 1 });
    const empty = await client.request(get(`${base}/empty`));
    expect(empty).toMatchObject({ status: 202, bodyText: '' });
    expect(empty.jsonError).toBeUndefined();
  });

  it('follows redirects only when asked', async () => {
    client = new HttpClient();
    const kept = await client.request(get(`${base}/r302`));
    expect(kept.status).toBe(302);
    expect(kept.headers.location).toBe('/json');
    const followed = await client.request(get(`${base}/r302`, { followRedirects: true }));
    expect(followed).toMatchObject({ status: 200, json: { ok: true, n: [1, 2] }, url: `${base}/json` });
  });

  it('turns a 303 after POST into a GET and keeps POST on 307', async () => {
    client = new HttpClient();
    const post = { method: 'POST', body: '{"x":1}', followRedirects: true, headers: { 'content-type': 'application/json', 'x-api-key': KEY } };
    const see = await client.request(get(`${base}/r303`, post));
    expect(see.json).toEqual({ method: 'GET', key: KEY });
    const temp = await client.request(get(`${base}/r307`, post));
    expect(temp.json).toEqual({ method: 'POST', key: KEY });
  });

  it('drops credentials on a cross-origin redirect', async () => {
    client = new HttpClient();
    const other = await listen((req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ key: req.headers['x-api-key'] ?? null })));
    const ex = await client.request(get(`${base}/to?u=${encodeURIComponent(`${other}/x`)}`, { followRedirects: true }));
    expect(ex.json).toEqual({ key: null });
  });

  it('stops a redirect loop', async () => {
    client = new HttpClient();
    const ex = await client.request(get(`${base}/loop`, { followRedirects: true }));
    expect(ex.status).toBe(302);
    expect(ex.error).toMatchObject({ category: 'redirect', code: 'TOO_MANY_REDIRECTS' });
  });

  it('categorises a TLS handshake failure', async () => {
    client = new HttpClient({ connectTimeoutMs: 2_000 });
    const ex = await client.request(get(base.replace('http:', 'https:') + '/json'));
    expect(ex.error?.category).toBe('tls');
  });

  it('categorises a name that cannot resolve', async () => {
    client = new HttpClient();
    const ex = await client.request(get('http://nonexistent.invalid/'));
    expect(ex.error?.category).toBe('dns');
    expect(['ENOTFOUND', 'EAI_AGAIN']).toContain(ex.error?.code);
  });

  it('streams an upload body without buffering it', async () => {
    client = new HttpClient();
    const total = 3 * 1024 * 1024;
    let produced = 0;
    const body = new Readable({
      read() {
        if (produced >= total) return void this.push(null);
        produced += 256 * 1024;
        this.push(Buffer.alloc(256 * 1024, 0x7a));
      },
    });
    const ex = await client.request(get(`${base}/upload`, { method: 'PUT', body, headers: { 'content-type': 'application/octet-stream' } }));
    expect(ex.json).toEqual({ bytes: total, te: 'chunked' });
  });

  it('sends a streamed body with a declared length unchunked, as presigned PUTs need', async () => {
    client = new HttpClient();
    const body = Readable.from([Buffer.alloc(300_000, 1), Buffer.alloc(200_000, 2)]);
    const ex = await client.request(get(`${base}/upload`, { method: 'PUT', body, headers: { 'content-length': '500000' } }));
    expect(ex.json).toEqual({ bytes: 500_000, te: null });
  });

  it('streams an async iterable upload body', async () => {
    client = new HttpClient();
    async function* chunks(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < 8; i++) yield new Uint8Array(100_000).fill(i);
    }
    const ex = await client.request(get(`${base}/upload`, { method: 'PUT', body: chunks() }));
    expect(ex.json).toEqual({ bytes: 800_000, te: 'chunked' });
  });

  it('refuses to replay a streamed body on a 307', async () => {
    client = new HttpClient();
    async function* chunks(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array(10);
    }
    const ex = await client.request(get(`${base}/r307`, { method: 'POST', body: chunks(), followRedirects: true }));
    expect(ex.status).toBe(307);
    expect(ex.error).toMatchObject({ category: 'redirect', code: 'REDIRECT_BODY_NOT_REPLAYABLE' });
  });

  it('reports a run abort as aborted', async () => {
    client = new HttpClient();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const ex = await client.request(get(`${base}/stall`, { signal: controller.signal }));
    expect(ex.error).toMatchObject({ category: 'aborted' });
    const early = await client.request(get(`${base}/json`, { signal: AbortSignal.abort() }));
    expect(early.error?.category).toBe('aborted');
  });

  it('reports requests after close as aborted', async () => {
    client = new HttpClient();
    await client.close();
    const ex = await client.request(get(`${base}/json`));
    expect(ex.error?.category).toBe('aborted');
  });
});
