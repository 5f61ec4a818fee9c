import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from './client.js';
import { readEventStream } from './sse.js';
import type { SseEvent } from './sse.js';
import type { HttpRequest } from './types.js';

const KEY = 'phk_stream_K3y_abcdefghijklmnop';
const SSE = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' };

let server: Server;
let base: string;
let client: HttpClient;

function frame(subject: string): string {
  return `data: ${JSON.stringify({ ts: new Date(0).toISOString(), kind: 'run', subject, data: {} })}\n\n`;
}

/** Writes `parts` one after another, `gapMs` apart; then ends, destroys or idles. */
function script(req: IncomingMessage, res: ServerResponse, parts: Array<string | Buffer>, gapMs: number, after: 'end' | 'destroy' | 'idle'): void {
  res.writeHead(200, SSE);
  let i = 0;
  const timer = setInterval(() => {
    if (i < parts.length) return void res.write(parts[i++]);
    clearInterval(timer);
    if (after === 'end') res.end();
    else if (after === 'destroy') req.socket.destroy();
  }, gapMs);
  req.socket.on('close', () => clearInterval(timer));
}

function route(req: IncomingMessage, res: ServerResponse): void {
  switch (req.url) {
    case '/framing':
      return script(req, res, [
        ': connected\n\n',
        frame('engine.session.started') + frame('engine.step.a'),
        'data: {"ts":"1","kind":"step",\r\ndata: "subject":"crlf","data":{}}\r\n\r\n',
        ': heartbeat\n\n',
        'data: not json\n\n',
        frame('engine.ses'.slice(0, 5)).slice(0, 12),
        frame('engine.ses'.slice(0, 5)).slice(12),
      ], 10, 'end');
    case '/until':
      return script(req, res, [frame('engine.step.a'), frame('engine.session.completed'), frame('after')], 10, 'idle');
    case '/drop':
      return script(req, res, [frame('one'), frame('two')], 10, 'destroy');
    case '/quiet':
      return script(req, res, [': heartbeat\n\n', ': heartbeat\n\n'], 50, 'idle');
    case '/401':
      return void res.writeHead(401, { 'content-type': 'application/json' }).end('{"statusCode":401,"message":"Unauthorized"}');
    case '/wrong-type':
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end('{"not":"a stream"}');
    case '/huge':
      return script(req, res, [`data: ${'x'.repeat(4096)}\n\n`], 10, 'idle');
    case '/huge-split':
      return script(req, res, [`data: ${'x'.repeat(800)}`, 'x'.repeat(800)], 10, 'idle');
    case '/utf8': {
      const bytes = Buffer.from('data: {"text":"héllo ✓"}\n\n');
      return script(req, res, [bytes.subarray(0, 17), bytes.subarray(17)], 10, 'end');
    }
    default:
      return void res.writeHead(404).end();
  }
}

beforeAll(async () => {
  server = createServer(route);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await client?.destroy();
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

function req(path: string): HttpRequest {
  return { method: 'GET', url: base + path, headers: { 'x-api-key': KEY, accept: 'text/event-stream' }, timeoutMs: 2_000, maxBodyBytes: 1 << 20, followRedirects: false };
}

describe('readEventStream', () => {
  it('parses framing: several events per chunk, CRLF, comments, split chunks, bad JSON', async () => {
    client = new HttpClient();
    const seen: SseEvent[] = [];
    const out = await readEventStream(client, req('/framing'), { timeoutMs: 3_000, onEvent: (e) => seen.push(e) });
    expect(out.endReason).toBe('end');
    expect(out.error).toBeUndefined();
    expect(out.contentTypeOk).toBe(true);
    expect(out.exchange.status).toBe(200);
    expect(out.comments).toBe(2);
    expect(out.events).toBe(5);
    expect(seen.map((e) => (e.json as { subject?: string } | undefined)?.subject)).toEqual([
      'engine.session.started', 'engine.step.a', 'crlf', undefined, 'engin',
    ]);
    expect(seen[3]?.parseError).toBeTruthy();
    expect(out.firstEventUs).toBe(seen[0]?.atUs);
    expect(out.maxGapUs).toBeGreaterThan(0);
    expect(out.totalUs).toBeGreaterThanOrEqual(seen[4]?.atUs ?? 0);
  });

  it('stops at the first event matching until and closes the stream', async () => {
    client = new HttpClient();
    const t0 = performance.now();
    const out = await readEventStream(client, req('/until'), {
      timeoutMs: 3_000,
      until: (e) => (e.json as { subject: string }).subject === 'engine.session.completed',
    });
    expect(out.endReason).toBe('until');
    expect(out.events).toBe(2);
    expect(performance.now() - t0).toBeLessThan(1_000);
  });

  it('reports a stream dropped mid-way as a reset', async () => {
    client = new HttpClient();
    const out = await readEventStream(client, req('/drop'), { timeoutMs: 3_000 });
    expect(out.endReason).toBe('error');
    expect(out.error?.category).toBe('reset');
    expect(out.events).toBe(2);
  });

  it('times out a stream that sends only heartbeats', async () => {
    client = new HttpClient();
    const t0 = performance.now();
    const out = await readEventStream(client, req('/quiet'), { timeoutMs: 400 });
    const elapsed = performance.now() - t0;
    expect(out.endReason).toBe('timeout');
    expect(out.error?.category).toBe('timeout');
    expect(out.events).toBe(0);
    expect(out.firstEventUs).toBeUndefined();
    expect(out.comments).toBeGreaterThanOrEqual(1);
    expect(elapsed).toBeGreaterThanOrEqual(390);
    expect(elapsed).toBeLessThan(1_200);
  });

  it('returns a non-2xx answer at once with its body', async () => {
    client = new HttpClient();
    const out = await readEventStream(client, req('/401'), { timeoutMs: 3_000 });
    expect(out.exchange.status).toBe(401);
    expect(out.exchange.json).toEqual({ statusCode: 401, message: 'Unauthorized' });
    expect(out.contentTypeOk).toBe(false);
    expect(out.events).toBe(0);
    expect(out.endReason).toBe('end');
  });

  it('returns a 2xx of the wrong content type at once', async () => {
    client = new HttpClient();
    const out = await readEventStream(client, req('/wrong-type'), { timeoutMs: 3_000 });
    expect(out.exchange.status).toBe(200);
    expect(out.contentTypeOk).toBe(false);
    expect(out.exchange.bodyText).toBe('{"not":"a stream"}');
    expect(out.events).toBe(0);
  });

  it('ends with body_too_large when one event exceeds maxEventBytes', async () => {
    client = new HttpClient();
    const out = await readEventStream(client, req('/huge'), { timeoutMs: 3_000, maxEventBytes: 1024 });
    expect(out.endReason).toBe('error');
    expect(out.error).toMatchObject({ category: 'body_too_large', code: 'SSE_EVENT_TOO_LARGE' });
  });

  it('ends with body_too_large when an event being buffered exceeds maxEventBytes', async () => {
    client = new HttpClient();
    const out = await readEventStream(client, req('/huge-split'), { timeoutMs: 3_000, maxEventBytes: 1024 });
    expect(out.error).toMatchObject({ category: 'body_too_large', code: 'SSE_EVENT_TOO_LARGE' });
  });

  it('keeps a UTF-8 character split across chunks whole', async () => {
    client = new HttpClient();
    const seen: unknown[] = [];
    const out = await readEventStream(client, req('/utf8'), { timeoutMs: 3_000, onEvent: (e) => seen.push(e.json) });
    expect(out.endReason).toBe('end');
    expect(seen).toEqual([{ text: 'héllo ✓' }]);
  });

  it('ends with aborted when the run aborts', async () => {
    client = new HttpClient();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const out = await readEventStream(client, req('/quiet'), { timeoutMs: 3_000, signal: controller.signal });
    expect(out.endReason).toBe('aborted');
    expect(out.error?.category).toBe('aborted');
    const run = new AbortController();
    setTimeout(() => run.abort(), 100);
    const viaRequest = await readEventStream(client, { ...req('/quiet'), signal: run.signal }, { timeoutMs: 3_000, signal: new AbortController().signal });
    expect(viaRequest.endReason).toBe('aborted');
  });

  it('does not hold the connections ordinary requests use', async () => {
    client = new HttpClient({ connections: 1 });
    const streams = Promise.all([1, 2, 3].map(() => readEventStream(client, req('/quiet'), { timeoutMs: 600 })));
    await new Promise((r) => setTimeout(r, 100));
    const t0 = performance.now();
    const plain = await client.request({ ...req('/401'), timeoutMs: 400 });
    expect(plain.status).toBe(401);
    expect(performance.now() - t0).toBeLessThan(300);
    expect((await streams).map((o) => o.endReason)).toEqual(['timeout', 'timeout', 'timeout']);
  });

  it('never carries the key in its outcome', async () => {
    client = new HttpClient();
    const outs = await Promise.all(['/drop', '/401', '/quiet'].map((p) => readEventStream(client, req(p), { timeoutMs: 300 })));
    expect(JSON.stringify(outs)).not.toContain(KEY);
  });
});
