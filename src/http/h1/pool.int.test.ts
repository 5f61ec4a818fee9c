/**
 * The HTTP/1.1 pool and client against real loopback sockets. Most servers are raw `node:net`
 * servers that write response bytes by hand, so framing, timing and hang-ups are exactly what
 * each test says; the client side uses the public H1Pool / InFlight / H1Client APIs only.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createServer as createTlsServer } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { toTransportError } from '../errors.js';
import type { HttpRequest } from '../types.js';
import { H1Client, type H1ClientOptions } from './client.js';
import { H1Error } from './errors.js';
import { InFlight } from './in-flight.js';
import { H1Pool, type H1PoolOptions } from './pool.js';
import { encodeRequest } from './request-bytes.js';

const HOST = '127.0.0.1';

// ---------------------------------------------------------------------------------------------
// Raw servers

interface ServerConn {
  socket: Socket;
  /** Requests received on it so far. */
  requests: number;
  /** Resolves at the socket's close (whichever side closed it). */
  closed: Promise<void>;
  isClosed: boolean;
}

interface ServerRequest {
  method: string;
  target: string;
  headers: Record<string, string>;
  body: Buffer;
  conn: ServerConn;
  /** 0 for the first request on its connection. */
  index: number;
}

interface RawServer {
  port: number;
  conns: ServerConn[];
  received: ServerRequest[];
}

type Handler = (req: ServerRequest) => void;

const servers: Server[] = [];
const serverSockets = new Set<Socket>();

afterAll(async () => {
  for (const socket of serverSockets) socket.destroy();
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

/** Splits what arrives on `socket` into requests (head + content-length body) and hands each to `handler`. */
function serve(socket: Socket, server: RawServer, handler: Handler): void {
  serverSockets.add(socket);
  let resolveClosed!: () => void;
  const conn: ServerConn = { socket, requests: 0, isClosed: false, closed: new Promise((resolve) => (resolveClosed = resolve)) };
  server.conns.push(conn);
  // Resets and EPIPEs are what several tests provoke.
  socket.on('error', () => undefined);
  socket.on('close', () => {
    conn.isClosed = true;
    serverSockets.delete(socket);
    resolveClosed();
  });
  let pending = Buffer.alloc(0);
  socket.on('data', (data: Buffer) => {
    pending = Buffer.concat([pending, data]);
    while (!socket.destroyed) {
      const end = pending.indexOf('\r\n\r\n');
      if (end < 0) return;
      const lines = pending.toString('latin1', 0, end).split('\r\n');
      const [method = '', target = ''] = (lines[0] ?? '').split(' ');
      const headers: Record<string, string> = {};
      for (const line of lines.slice(1)) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      const length = Number(headers['content-length'] ?? '0');
      if (pending.length < end + 4 + length) return;
      const body = Buffer.from(pending.subarray(end + 4, end + 4 + length));
      pending = pending.subarray(end + 4 + length);
      const req: ServerRequest = { method, target, headers, body, conn, index: conn.requests };
      conn.requests += 1;
      server.received.push(req);
      handler(req);
    }
  });
}

async function listen(server: Server, host: string): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

async function rawServer(handler: Handler, host = HOST): Promise<RawServer> {
  const raw: RawServer = { port: 0, conns: [], received: [] };
  raw.port = await listen(createNetServer((socket) => serve(socket, raw, handler)), host);
  return raw;
}

/** A 200 with a content-length body (and any extra header lines). */
function ok(body: string | Buffer, extra = ''): Buffer {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  return Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: ${bytes.length}\r\n${extra}\r\n`, 'latin1'), bytes]);
}

/** `body` chunked, in chunks of the given sizes (cycled). */
function chunked(body: Buffer, sizes: readonly number[]): Buffer {
  const parts: Buffer[] = [Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n')];
  for (let at = 0, i = 0; at < body.length; i += 1) {
    const size = Math.min(sizes[i % sizes.length] ?? body.length, body.length - at);
    parts.push(Buffer.from(`${size.toString(16)}${i % 2 === 0 ? ';i=x' : ''}\r\n`), body.subarray(at, at + size), Buffer.from('\r\n'));
    at += size;
  }
  parts.push(Buffer.from('0\r\n\r\n'));
  return Buffer.concat(parts);
}

/** Writes `bytes` in pieces of the given sizes, a loop turn apart, so reads of many connections interleave. */
function trickle(socket: Socket, bytes: Buffer, sizes: readonly number[], then?: () => void): void {
  let at = 0;
  let i = 0;
  const step = (): void => {
    if (socket.destroyed) return;
    if (at >= bytes.length) return then?.();
    const size = Math.min(sizes[i % sizes.length] ?? bytes.length, bytes.length - at);
    socket.write(bytes.subarray(at, at + size));
    at += size;
    i += 1;
    setImmediate(step);
  };
  step();
}

/** A deterministic pseudo-random sequence (mulberry32), so a failure replays the same sizes. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 2_000): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ---------------------------------------------------------------------------------------------
// Client side

const pools: H1Pool[] = [];
const clients: H1Client[] = [];

afterEach(async () => {
  await Promise.all([...pools.splice(0).map((p) => p.destroy()), ...clients.splice(0).map((c) => c.destroy())]);
});

function newPool(port: number, options: Partial<H1PoolOptions> = {}): H1Pool {
  const pool = new H1Pool({ protocol: 'http:', hostname: HOST, port, connectTimeoutMs: 2_000, rejectUnauthorized: true, connections: 8, keepAliveMs: 10_000, ...options });
  pools.push(pool);
  return pool;
}

interface FlightOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  maxBytes?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
}

function flight(path: string, options: FlightOptions = {}): InFlight {
  const bytes = encodeRequest({ method: options.method ?? 'GET', target: path, host: HOST, headers: options.headers ?? {}, body: options.body });
  const deadlineAt = options.timeoutMs === undefined ? Infinity : performance.now() + options.timeoutMs;
  return new InFlight(bytes, options.maxBytes ?? 1 << 20, deadlineAt, options.signal, undefined);
}

async function send(pool: H1Pool, path: string, options: FlightOptions = {}): Promise<InFlight> {
  const f = flight(path, options);
  pool.send(f);
  await f.done;
  return f;
}

/** The category a failed flight maps to, as the client reports it. */
function category(f: InFlight): string {
  return toTransportError(f.error, f.endedBy).category;
}

function newClient(options: Partial<H1ClientOptions> = {}): H1Client {
  const client = new H1Client({ connections: 8, keepAliveMs: 10_000, connectTimeoutMs: 2_000, rejectUnauthorized: true, ...options });
  clients.push(client);
  return client;
}

function req(url: string, extra: Partial<HttpRequest> = {}): HttpRequest {
  return { method: 'GET', url, headers: {}, timeoutMs: 5_000, maxBodyBytes: 1 << 20, followRedirects: false, ...extra };
}

// ---------------------------------------------------------------------------------------------

describe('H1Pool keep-alive', { timeout: 5_000 }, () => {
  it('carries sequential requests over one connection, whatever the framing of each response', async () => {
    const server = await rawServer((r) => {
      const body = Buffer.from(`body of ${r.target}`);
      if (r.method === 'HEAD') return void r.conn.socket.write(`HTTP/1.1 200 OK\r\nContent-Length: 999\r\n\r\n`);
      if (r.target.endsWith('/204')) return void r.conn.socket.write('HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n');
      r.conn.socket.write(r.index % 2 === 0 ? ok(body) : chunked(body, [3, 1]));
    });
    const pool = newPool(server.port);
    for (let i = 0; i < 12; i += 1) {
      const method = i % 4 === 3 ? 'HEAD' : 'GET';
      const path = i % 5 === 4 ? `/r${i}/204` : `/r${i}`;
      const f = await send(pool, path, { method });
      expect(f.error).toBeUndefined();
      const expected = method === 'HEAD' || path.endsWith('/204') ? '' : `body of ${path}`;
      expect(f.body().toString()).toBe(expected);
    }
    expect(server.conns).toHaveLength(1);
    expect(server.conns[0]?.requests).toBe(12);
  });

  it('keeps at most `connections` connections and serves queued requests first come first served', async () => {
    let open = 0;
    let maxOpen = 0;
    const server = await rawServer((r) => {
      open += 1;
      maxOpen = Math.max(maxOpen, open);
      setTimeout(() => {
        open -= 1;
        r.conn.socket.write(ok(`answer ${r.target}`));
      }, 30);
    });
    const pool = newPool(server.port, { connections: 2 });
    const flights = Array.from({ length: 6 }, (_, i) => flight(`/q${i}`));
    for (const f of flights) pool.send(f);
    await Promise.all(flights.map((f) => f.done));
    flights.forEach((f, i) => {
      expect(f.error).toBeUndefined();
      expect(f.body().toString()).toBe(`answer /q${i}`);
    });
    expect(server.conns.length).toBeLessThanOrEqual(2);
    expect(maxOpen).toBeLessThanOrEqual(2);
    // Two at a time, in the order they were sent.
    const order = server.received.map((r) => r.target);
    for (let pair = 0; pair < 3; pair += 1) {
      expect(order.slice(pair * 2, pair * 2 + 2).sort()).toEqual([`/q${pair * 2}`, `/q${pair * 2 + 1}`]);
    }
  });

  it('does not reuse a connection after a Connection: close response, nor after an HTTP/1.0 one', async () => {
    const variants = [
      { name: 'connection close', response: ok('x', 'Connection: close\r\n'), reused: false },
      { name: 'HTTP/1.0', response: Buffer.from('HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nx'), reused: false },
      { name: 'HTTP/1.0 keep-alive', response: Buffer.from('HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 1\r\n\r\nx'), reused: true },
    ];
    for (const v of variants) {
      const server = await rawServer((r) => r.conn.socket.write(v.response));
      const pool = newPool(server.port);
      for (let i = 0; i < 3; i += 1) {
        const f = await send(pool, '/');
        expect(f.error, v.name).toBeUndefined();
        expect(f.body().toString(), v.name).toBe('x');
      }
      expect(server.conns.length, v.name).toBe(v.reused ? 1 : 3);
      // The server never closed them: the client did, for those it would not reuse.
      if (!v.reused) await Promise.all(server.conns.map((c) => c.closed));
    }
  });

  it('does not reuse a connection whose request said Connection: close', async () => {
    const server = await rawServer((r) => r.conn.socket.write(ok('x')));
    const pool = newPool(server.port);
    for (let i = 0; i < 2; i += 1) expect((await send(pool, '/', { headers: { connection: 'close' } })).status).toBe(200);
    expect(server.conns).toHaveLength(2);
    await Promise.all(server.conns.map((c) => c.closed));
  });

  it('closes a connection on which the server sent more than the response, and answers the next request on a new one', async () => {
    const server = await rawServer((r) => {
      if (r.conn === server.conns[0]) r.conn.socket.write(Buffer.concat([ok('first'), ok('unasked')]));
      else r.conn.socket.write(ok('second'));
    });
    const pool = newPool(server.port);
    const first = await send(pool, '/1');
    expect(first.error).toBeUndefined();
    expect(first.body().toString()).toBe('first');
    await server.conns[0]?.closed;
    const second = await send(pool, '/2');
    expect(second.body().toString()).toBe('second');
    expect(server.conns).toHaveLength(2);
  });

  it('closes an idle connection that receives unsolicited bytes; the next request gets a new one', async () => {
    const server = await rawServer((r) => {
      r.conn.socket.write(ok(`on ${server.conns.indexOf(r.conn)}`));
      if (r.index === 0 && r.conn === server.conns[0]) setTimeout(() => r.conn.socket.write('HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\n\r\n'), 20);
    });
    const pool = newPool(server.port);
    expect((await send(pool, '/1')).body().toString()).toBe('on 0');
    await server.conns[0]?.closed;
    const next = await send(pool, '/2');
    expect(next.error).toBeUndefined();
    expect(next.body().toString()).toBe('on 1');
  });

  // Connection A is idle, B holds a request. The server ends A (junk bytes, or a FIN) and answers
  // B at once: A is done for, B's answer resolves, and a POST is sent before A's close event.
  it.each([
    ['just got unsolicited bytes', (socket: Socket) => socket.write('HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\n\r\n')],
    ['the server just closed', (socket: Socket) => socket.end()],
  ])('never hands a request a connection that %s, even in the same tick', async (_name, endA) => {
    let held: ServerRequest | undefined;
    const server = await rawServer((r) => {
      if (r.target === '/hold') held = r;
      else r.conn.socket.write(ok(`answer ${r.target}`));
    });
    const pool = newPool(server.port, { connections: 2 });
    const b = flight('/hold');
    pool.send(b);
    await waitFor(() => held !== undefined, 'the held request');
    expect((await send(pool, '/a')).status).toBe(200);
    const a = server.conns.find((conn) => conn !== held?.conn);
    if (a !== undefined) endA(a.socket);
    held?.conn.socket.write(ok('held', 'Connection: close\r\n'));
    await b.done;
    const post = await send(pool, '/post', { method: 'POST', body: 'payload' });
    expect(post.error).toBeUndefined();
    expect(post.body().toString()).toBe('answer /post');
  });

  it('does not reuse a connection whose request was answered before it was all sent', async () => {
    // The server answers a 32 MiB POST at its head and stops reading: the rest of the body is
    // still queued in the client when the answer arrives, and must never precede a next request.
    const received: string[] = [];
    const server = createNetServer((socket) => {
      serverSockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => serverSockets.delete(socket));
      let head = '';
      socket.on('data', (data: Buffer) => {
        head += data.toString('latin1', 0, Math.min(data.length, 256));
        if (!head.includes('\r\n\r\n')) return;
        received.push(head.slice(0, head.indexOf(' ', 5)));
        socket.pause();
        socket.write('HTTP/1.1 413 Content Too Large\r\ncontent-length: 0\r\n\r\n');
        head = '';
      });
    });
    servers.push(server);
    const port = await listen(server, HOST);
    const pool = newPool(port);
    const big = await send(pool, '/upload', { method: 'POST', body: 'x'.repeat(32 * 2 ** 20), timeoutMs: 4_000 });
    expect(big.status).toBe(413);
    const next = await send(pool, '/after', { timeoutMs: 2_000 });
    expect(next.status).toBe(413);
    // Each request's head arrived at the start of a connection of its own.
    expect(received).toEqual(['POST /upload', 'GET /after']);
  });

  it('closes idle connections after keepAliveMs', async () => {
    const server = await rawServer((r) => r.conn.socket.write(ok('x')));
    const pool = newPool(server.port, { keepAliveMs: 300 });
    await send(pool, '/');
    const idleAt = performance.now();
    await server.conns[0]?.closed;
    const idleFor = performance.now() - idleAt;
    expect(idleFor).toBeGreaterThanOrEqual(290);
    expect(idleFor).toBeLessThan(1_500);
    // A request after the sweep opens a new connection.
    expect((await send(pool, '/')).status).toBe(200);
    expect(server.conns).toHaveLength(2);
  });

  it('closes idle connections before the server\'s Keep-Alive timeout would', async () => {
    const server = await rawServer((r) => r.conn.socket.write(ok('x', 'Keep-Alive: timeout=1\r\n')));
    const pool = newPool(server.port, { keepAliveMs: 10_000 });
    await send(pool, '/');
    const idleAt = performance.now();
    await server.conns[0]?.closed;
    const idleFor = performance.now() - idleAt;
    expect(idleFor).toBeGreaterThanOrEqual(450);
    expect(idleFor).toBeLessThan(1_500);
  });
});

describe('H1Pool bodies', { timeout: 8_000 }, () => {
  it('completes a close-delimited body at the close', async () => {
    const body = randomBytes(150 * 1024);
    const server = await rawServer((r) => {
      const bytes = Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n\r\n'), body]);
      trickle(r.conn.socket, bytes, [10, 70_000, 1, 4096], () => r.conn.socket.end());
    });
    const pool = newPool(server.port);
    const f = await send(pool, '/');
    expect(f.error).toBeUndefined();
    expect(f.body().equals(body)).toBe(true);
    expect(f.totalBytes).toBe(body.length);
  });

  it('fails a close-delimited body cut by a reset as reset, not as complete', async () => {
    const server = await rawServer((r) => {
      r.conn.socket.write('HTTP/1.1 200 OK\r\n\r\npartial');
      setTimeout(() => r.conn.socket.resetAndDestroy(), 30);
    });
    const pool = newPool(server.port);
    const f = await send(pool, '/');
    expect(f.status).toBe(200);
    expect(category(f)).toBe('reset');
  });

  it('100 concurrent connections each get their own body of 1-200 KiB intact (one shared read buffer)', async () => {
    const random = prng(42);
    const count = 100;
    const bodies = Array.from({ length: count }, () => randomBytes(1024 + Math.floor(random() * 199 * 1024)));
    const server = await rawServer((r) => {
      const i = Number(r.target.slice(1));
      const body = bodies[i] ?? Buffer.alloc(0);
      const sizes = [1 + Math.floor(random() * 40_000), 1 + Math.floor(random() * 100), 1 + Math.floor(random() * 10_000)];
      // Three framings, so reads end anywhere in heads, chunk lines and bodies.
      if (i % 3 === 0) trickle(r.conn.socket, ok(body), sizes);
      else if (i % 3 === 1) trickle(r.conn.socket, chunked(body, [1 + Math.floor(random() * 9000), 7]), sizes);
      else trickle(r.conn.socket, Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n'), body]), sizes, () => r.conn.socket.end());
    });
    const pool = newPool(server.port, { connections: count });
    const flights = bodies.map((_, i) => flight(`/${i}`));
    for (const f of flights) pool.send(f);
    await Promise.all(flights.map((f) => f.done));
    const wrong = flights.filter((f, i) => f.error !== undefined || f.status !== 200 || !f.body().equals(bodies[i] ?? Buffer.alloc(0)));
    expect(wrong).toHaveLength(0);
    expect(server.conns).toHaveLength(count);
  });

  it('keeps maxBytes of the body, counts every byte, and keeps the connection usable', async () => {
    const body = randomBytes(300 * 1024);
    const server = await rawServer((r) => r.conn.socket.write(r.target === '/chunked' ? chunked(body, [50_000, 3]) : ok(body)));
    const pool = newPool(server.port);
    for (const path of ['/length', '/chunked']) {
      const cut = await send(pool, path, { maxBytes: 1000 });
      expect(cut.error).toBeUndefined();
      expect(cut.truncated).toBe(true);
      expect(cut.body().equals(body.subarray(0, 1000))).toBe(true);
      expect(cut.totalBytes).toBe(body.length);

      const exact = await send(pool, path, { maxBytes: body.length });
      expect(exact.truncated).toBe(false);
      expect(exact.body().equals(body)).toBe(true);

      const none = await send(pool, path, { maxBytes: 0 });
      expect(none.truncated).toBe(true);
      expect(none.body().length).toBe(0);
      expect(none.totalBytes).toBe(body.length);
    }
    expect(server.conns).toHaveLength(1);
  });

  it('keeps maxBytes through H1Client, reporting all bytes as bodyBytes', async () => {
    const body = 'a'.repeat(5000);
    const server = await rawServer((r) => r.conn.socket.write(ok(body, 'Content-Type: text/plain\r\n')));
    const ex = await newClient().request(req(`http://${HOST}:${server.port}/`, { maxBodyBytes: 100 }));
    expect(ex.error).toBeUndefined();
    expect(ex).toMatchObject({ status: 200, truncated: true, bodyBytes: 5000, bodyText: 'a'.repeat(100) });
  });
});

describe('H1Pool deadlines and aborts', { timeout: 5_000 }, () => {
  /** Never answers /stall; answers everything else. */
  async function stallServer(): Promise<RawServer> {
    return rawServer((r) => {
      if (r.target !== '/stall') r.conn.socket.write(ok(`answer ${r.target}`));
    });
  }

  it('a queued request times out on time while it waits, without reaching the server', async () => {
    const server = await stallServer();
    const pool = newPool(server.port, { connections: 1 });
    const blocker = flight('/stall', { timeoutMs: 3_000 });
    pool.send(blocker);
    const t0 = performance.now();
    const queued = await send(pool, '/queued', { timeoutMs: 200 });
    const elapsed = performance.now() - t0;
    expect(queued.endedBy).toBe('timeout');
    expect(category(queued)).toBe('timeout');
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(600);
    expect(blocker.isSettled).toBe(false);
    expect(server.received.map((r) => r.target)).toEqual(['/stall']);
  });

  it('a request on a stalled connection times out on time and its connection is closed', async () => {
    const server = await stallServer();
    const pool = newPool(server.port);
    const t0 = performance.now();
    const f = await send(pool, '/stall', { timeoutMs: 200 });
    const elapsed = performance.now() - t0;
    expect(f.endedBy).toBe('timeout');
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(600);
    await server.conns[0]?.closed;
    expect((await send(pool, '/next')).body().toString()).toBe('answer /next');
    expect(server.conns).toHaveLength(2);
  });

  // The connection's one timer is re-armed only for an earlier deadline: both orders must hold.
  it.each([
    ['a short deadline after a long one on the same connection still fires on time', 3_000, 200],
    ['a long deadline after a short one on the same connection does not fire early', 100, 400],
  ])('%s', async (_name, firstMs, secondMs) => {
    const server = await stallServer();
    const pool = newPool(server.port);
    expect((await send(pool, '/fast', { timeoutMs: firstMs })).status).toBe(200);
    const t0 = performance.now();
    const f = await send(pool, '/stall', { timeoutMs: secondMs });
    const elapsed = performance.now() - t0;
    expect(f.endedBy).toBe('timeout');
    expect(elapsed).toBeGreaterThanOrEqual(secondMs - 10);
    expect(elapsed).toBeLessThan(secondMs + 500);
    expect(server.conns).toHaveLength(1);
  });

  it('an abort ends the in-flight and the queued requests carrying the signal at once, and no other', async () => {
    const server = await stallServer();
    const client = newClient({ connections: 1 });
    const base = `http://${HOST}:${server.port}`;
    const controller = new AbortController();
    const signal = controller.signal;
    const inFlight = client.request(req(`${base}/stall`, { signal }));
    await waitFor(() => server.received.length === 1, 'the first request at the server');
    const queued = [
      client.request(req(`${base}/q1`, { signal })),
      client.request(req(`${base}/q2`, { method: 'POST', body: 'x', signal })),
    ];
    const other = client.request(req(`${base}/other`));
    await sleep(20);
    const t0 = performance.now();
    controller.abort();
    const ended = await Promise.all([inFlight, ...queued]);
    expect(performance.now() - t0).toBeLessThan(250);
    for (const ex of ended) expect(ex.error?.category).toBe('aborted');
    // The request without the signal gets the connection after the aborted one's was closed.
    const rest = await other;
    expect(rest.error).toBeUndefined();
    expect(rest.bodyText).toBe('answer /other');
    expect(server.received.map((r) => r.target)).toEqual(['/stall', '/other']);
    await server.conns[0]?.closed;
  });

  it('a request whose signal is already aborted ends as aborted without a connection', async () => {
    const server = await stallServer();
    const ex = await newClient().request(req(`http://${HOST}:${server.port}/`, { signal: AbortSignal.abort() }));
    expect(ex.error?.category).toBe('aborted');
    expect(server.conns).toHaveLength(0);
  });
});

describe('H1Pool hang-ups and retries', { timeout: 5_000 }, () => {
  /** Answers the first request of a connection; hangs up on any later one without answering. */
  async function closeOnReuse(): Promise<RawServer> {
    return rawServer((r) => {
      if (r.index === 0) r.conn.socket.write(ok(`answer ${r.target}`));
      else r.conn.socket.destroy();
    });
  }

  it('retries a GET once when the kept-alive connection closes as it is reused', async () => {
    const server = await closeOnReuse();
    const client = newClient();
    const base = `http://${HOST}:${server.port}`;
    expect((await client.request(req(`${base}/a`))).bodyText).toBe('answer /a');
    const ex = await client.request(req(`${base}/b`));
    expect(ex.error).toBeUndefined();
    expect(ex.bodyText).toBe('answer /b');
    expect(server.conns).toHaveLength(2);
    expect(server.received.map((r) => r.target)).toEqual(['/a', '/b', '/b']);
  });

  it('does not retry a POST when the kept-alive connection closes as it is reused: it fails as reset', async () => {
    const server = await closeOnReuse();
    const client = newClient();
    const base = `http://${HOST}:${server.port}`;
    expect((await client.request(req(`${base}/a`))).status).toBe(200);
    const ex = await client.request(req(`${base}/p`, { method: 'POST', body: '{"n":1}' }));
    expect(ex.error?.category).toBe('reset');
    expect(server.conns).toHaveLength(1);
    expect(server.received.map((r) => r.target)).toEqual(['/a', '/p']);
  });

  it('fails GETs to a server that hangs up on every request as reset, retrying each at most once', async () => {
    const server = await rawServer((r) => {
      if (r.conn === server.conns[0] && r.index === 0) r.conn.socket.write(ok('only answer'));
      else r.conn.socket.destroy();
    });
    const client = newClient();
    const base = `http://${HOST}:${server.port}`;
    expect((await client.request(req(`${base}/first`))).status).toBe(200);
    for (let i = 0; i < 3; i += 1) {
      const ex = await client.request(req(`${base}/g${i}`));
      expect(ex.error?.category).toBe('reset');
    }
    // The first failure met the reused connection and was retried once on a new one; the others
    // met new connections (nothing to retry): 1 + 1 + 2 connections, 5 requests.
    expect(server.conns).toHaveLength(4);
    expect(server.received.map((r) => r.target)).toEqual(['/first', '/g0', '/g0', '/g1', '/g2']);
  });

  it('fails a request to a closed port as refused', async () => {
    const probe = createNetServer();
    const port = await listen(probe, HOST);
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const ex = await newClient().request(req(`http://${HOST}:${port}/`));
    expect(ex.error).toMatchObject({ category: 'refused', code: 'ECONNREFUSED' });
  });
});

describe('H1Pool close and destroy', { timeout: 5_000 }, () => {
  it('close() lets the in-flight and queued requests finish, then closes every connection', async () => {
    const server = await rawServer((r) => setTimeout(() => r.conn.socket.write(ok(`late ${r.target}`)), 100));
    const pool = newPool(server.port, { connections: 1 });
    const flights = ['/1', '/2', '/3'].map((p) => flight(p));
    for (const f of flights) pool.send(f);
    await waitFor(() => server.received.length === 1, 'the first request');
    let closed = false;
    const closing = pool.close().then(() => (closed = true));
    const late = await send(pool, '/after-close');
    expect(late.error).toBeInstanceOf(H1Error);
    expect((late.error as H1Error).code).toBe('CLIENT_CLOSED');
    await Promise.all(flights.map((f) => f.done));
    expect(flights.map((f) => f.body().toString())).toEqual(['late /1', 'late /2', 'late /3']);
    await closing;
    expect(closed).toBe(true);
    await Promise.all(server.conns.map((c) => c.closed));
  });

  it('H1Client.close() lets an in-flight request finish; later requests end as aborted', async () => {
    const server = await rawServer((r) => setTimeout(() => r.conn.socket.write(ok('finished')), 100));
    const client = newClient();
    const base = `http://${HOST}:${server.port}`;
    const pending = client.request(req(`${base}/`));
    await waitFor(() => server.received.length === 1, 'the request');
    const closing = client.close();
    const ex = await pending;
    expect(ex.error).toBeUndefined();
    expect(ex.bodyText).toBe('finished');
    await closing;
    await server.conns[0]?.closed;
    const after = await client.request(req(`${base}/`));
    expect(after.error).toMatchObject({ category: 'aborted', code: 'CLIENT_CLOSED' });
  });

  it('destroy() ends in-flight and queued requests at once as CLIENT_CLOSED', async () => {
    const server = await rawServer(() => undefined);
    const pool = newPool(server.port, { connections: 1 });
    const flights = [flight('/1'), flight('/2', { timeoutMs: 3_000 })];
    for (const f of flights) pool.send(f);
    await waitFor(() => server.received.length === 1, 'the first request');
    const t0 = performance.now();
    await pool.destroy();
    await Promise.all(flights.map((f) => f.done));
    expect(performance.now() - t0).toBeLessThan(250);
    for (const f of flights) {
      expect(f.error).toBeInstanceOf(H1Error);
      expect((f.error as H1Error).code).toBe('CLIENT_CLOSED');
      expect(category(f)).toBe('aborted');
    }
    await server.conns[0]?.closed;
  });

  it('destroy() after close() ends what close() waits for, and both promises settle', async () => {
    const server = await rawServer(() => undefined);
    const pool = newPool(server.port, { connections: 1 });
    const stalled = flight('/stall');
    pool.send(stalled);
    await waitFor(() => server.received.length === 1, 'the request');
    const settled: string[] = [];
    const closing = pool.close().then(() => settled.push('close'));
    await sleep(20);
    expect(settled).toEqual([]);
    const destroying = pool.destroy().then(() => settled.push('destroy'));
    await Promise.race([Promise.all([closing, destroying]), sleep(1_000)]);
    expect(settled.sort()).toEqual(['close', 'destroy']);
    expect((stalled.error as H1Error).code).toBe('CLIENT_CLOSED');
  });

  it('H1Client.destroy() ends in-flight and queued requests as aborted', async () => {
    const server = await rawServer(() => undefined);
    const client = newClient({ connections: 1 });
    const base = `http://${HOST}:${server.port}`;
    const pending = [client.request(req(`${base}/1`)), client.request(req(`${base}/2`))];
    await waitFor(() => server.received.length === 1, 'the first request');
    await client.destroy();
    for (const ex of await Promise.all(pending)) expect(ex.error).toMatchObject({ category: 'aborted', code: 'CLIENT_CLOSED' });
  });
});

describe('H1Pool response kinds on the wire', { timeout: 5_000 }, () => {
  it('skips interim 100 and 103 heads that arrive in reads of their own, and reuses the connection', async () => {
    const server = await rawServer((r) => {
      const socket = r.conn.socket;
      socket.write('HTTP/1.1 100 Continue\r\n\r\n');
      setTimeout(() => socket.write('HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\nHTTP/1.1 2'), 5);
      setTimeout(() => socket.write(`01 Created\r\nContent-Length: ${r.target.length}\r\n\r\n${r.target}`), 10);
    });
    const pool = newPool(server.port);
    for (const path of ['/one', '/two']) {
      const f = await send(pool, path);
      expect(f.status).toBe(201);
      expect(f.headers).toEqual({ 'content-length': String(path.length) });
      expect(f.body().toString()).toBe(path);
    }
    expect(server.conns).toHaveLength(1);
  });

  it('completes a 101 at its head and closes the connection', async () => {
    const server = await rawServer((r) => r.conn.socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\nConnection: upgrade\r\n\r\n\x00\x01'));
    const pool = newPool(server.port);
    const f = await send(pool, '/');
    expect(f.error).toBeUndefined();
    expect(f.status).toBe(101);
    await server.conns[0]?.closed;
  });

  it('fails a response whose chunked body breaks its framing as INVALID_RESPONSE, keeping the head, and closes the connection', async () => {
    const server = await rawServer((r) => r.conn.socket.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX'));
    const pool = newPool(server.port);
    const f = await send(pool, '/');
    expect(f.status).toBe(200);
    expect(f.error).toBeInstanceOf(H1Error);
    expect((f.error as H1Error).code).toBe('INVALID_RESPONSE');
    await server.conns[0]?.closed;
  });
});

describe('H1Client', { timeout: 5_000 }, () => {
  it('encodes a request marked encodeOnce once: the same key sends the same bytes', async () => {
    const server = await rawServer((r) => r.conn.socket.write(ok(`${r.target} n=${r.headers['x-n'] ?? ''}`)));
    const client = newClient();
    const base = `http://${HOST}:${server.port}`;
    const key = {};
    const first = await client.request(req(`${base}/once`, { headers: { 'x-n': '1' }, encodeOnce: key }));
    // A caller must not change such a request; if it does, the cached bytes show the cache is used.
    const second = await client.request(req(`${base}/once`, { headers: { 'x-n': '2' }, encodeOnce: key }));
    const fresh = await client.request(req(`${base}/once`, { headers: { 'x-n': '3' }, encodeOnce: {} }));
    expect([first.bodyText, second.bodyText, fresh.bodyText]).toEqual(['/once n=1', '/once n=1', '/once n=3']);
  });

  it('encodes a redirect\'s next hop afresh, not from the encodeOnce cache', async () => {
    const server = await rawServer((r) => {
      if (r.target === '/start') r.conn.socket.write('HTTP/1.1 302 Found\r\nLocation: /target\r\nContent-Length: 3\r\n\r\nbye');
      else r.conn.socket.write(ok(`at ${r.target}`));
    });
    const client = newClient();
    const key = {};
    for (let i = 0; i < 2; i += 1) {
      const ex = await client.request(req(`http://${HOST}:${server.port}/start`, { followRedirects: true, encodeOnce: key }));
      expect(ex.error).toBeUndefined();
      expect(ex.bodyText).toBe('at /target');
      expect(ex.url).toBe(`http://${HOST}:${server.port}/target`);
    }
    expect(server.received.map((r) => r.target)).toEqual(['/start', '/target', '/start', '/target']);
  });

  it('refuses a header value holding CR LF before connecting, without quoting it', async () => {
    const server = await rawServer((r) => r.conn.socket.write(ok('x')));
    const ex = await newClient().request(req(`http://${HOST}:${server.port}/`, { headers: { 'x-api-key': 'phk_secret\r\nx: y' } }));
    expect(ex.error).toMatchObject({ category: 'other', code: 'INVALID_REQUEST' });
    expect(ex.error?.message).not.toContain('phk_secret');
    expect(server.conns).toHaveLength(0);
  });
});

// ---------------------------------------------------------------------------------------------

const OPENSSL = spawnSync('openssl', ['version'], { encoding: 'utf8' }).status === 0;
if (!OPENSSL) console.warn('pool.int.test.ts: openssl is not installed; the TLS tests are skipped');

describe.skipIf(!OPENSSL)(`H1Pool over TLS${OPENSSL ? '' : ' (skipped: openssl is not installed)'}`, { timeout: 8_000 }, () => {
  let key: Buffer;
  let cert: Buffer;

  beforeAll(() => {
    const dir = mkdtempSync(join(tmpdir(), 'h1-tls-'));
    try {
      const made = spawnSync('openssl', [
        'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1',
        '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
      ], { encoding: 'utf8' });
      if (made.status !== 0) throw new Error(`openssl could not make a certificate: ${made.stderr}`);
      key = readFileSync(join(dir, 'key.pem'));
      cert = readFileSync(join(dir, 'cert.pem'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  async function tlsServer(handler: Handler): Promise<RawServer> {
    const raw: RawServer = { port: 0, conns: [], received: [] };
    const server = createTlsServer({ key, cert }, (socket) => serve(socket, raw, handler));
    // A client that refuses the certificate makes the handshake fail on this side too.
    server.on('tlsClientError', () => undefined);
    raw.port = await listen(server, HOST);
    return raw;
  }

  it('works with a self-signed certificate when rejectUnauthorized is false: large bodies, reuse, concurrency', async () => {
    const bodies = Array.from({ length: 8 }, (_, i) => randomBytes(20_000 + i * 30_000));
    const server = await tlsServer((r) => {
      const body = bodies[Number(r.target.slice(1))] ?? Buffer.alloc(0);
      trickle(r.conn.socket, r.index % 2 === 0 ? ok(body) : chunked(body, [16_000, 5]), [70_000, 3, 20_000]);
    });
    const pool = newPool(server.port, { protocol: 'https:', rejectUnauthorized: false, connections: 4 });
    for (let i = 0; i < 3; i += 1) {
      const f = await send(pool, `/${i}`);
      expect(f.error).toBeUndefined();
      expect(f.body().equals(bodies[i] ?? Buffer.alloc(0))).toBe(true);
    }
    expect(server.conns).toHaveLength(1);
    const flights = bodies.map((_, i) => flight(`/${i}`));
    for (const f of flights) pool.send(f);
    await Promise.all(flights.map((f) => f.done));
    flights.forEach((f, i) => expect(f.body().equals(bodies[i] ?? Buffer.alloc(0)), `body ${i}`).toBe(true));
    expect(server.conns.length).toBeLessThanOrEqual(4);
  });

  it('fails as tls when the self-signed certificate is checked', async () => {
    const server = await tlsServer((r) => r.conn.socket.write(ok('never')));
    const ex = await newClient({ rejectUnauthorized: true }).request(req(`https://${HOST}:${server.port}/`));
    expect(ex.error?.category).toBe('tls');
    expect(server.received).toHaveLength(0);
  });
});

async function hasIpv6Loopback(): Promise<boolean> {
  const probe = createNetServer();
  try {
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen(0, '::1', () => resolve());
    });
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    return true;
  } catch {
    return false;
  }
}

const IPV6 = await hasIpv6Loopback();
if (!IPV6) console.warn('pool.int.test.ts: this machine has no ::1; the IPv6 test is skipped');

describe.skipIf(!IPV6)(`H1Client over IPv6${IPV6 ? '' : ' (skipped: no ::1 on this machine)'}`, { timeout: 5_000 }, () => {
  it('reaches http://[::1]:port and reuses the connection', async () => {
    const server = await rawServer((r) => r.conn.socket.write(ok(`v6 ${r.target}`)), '::1');
    const client = newClient();
    for (const path of ['/a', '/b']) {
      const ex = await client.request(req(`http://[::1]:${server.port}${path}`));
      expect(ex.error).toBeUndefined();
      expect(ex.bodyText).toBe(`v6 ${path}`);
    }
    expect(server.conns).toHaveLength(1);
  });
});
