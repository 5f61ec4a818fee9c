/**
 * A loopback HTTP server that misbehaves on purpose. The first path segment picks the fault, so
 * a suite points its base URL at `http://127.0.0.1:<port>/<fault>` and every request of the run
 * meets that fault (joinUrl keeps a base URL's path prefix). Faults the reference server cannot
 * inject (a reset after part of the body, a trickle, a 5 MB body, a wrong content type, SSE that
 * drops or stays silent, a presigned PUT that hangs, redirects) live here.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** The signature of every presigned URL this server hands out: a test greps artefacts for it. */
export const PRESIGN_SIG = 'c0ffee5151515151deadbeefcafe7777';

export interface MisbehavingServer {
  baseUrl: string;
  /** Base URL of one fault. */
  url(fault: string): string;
  /** Requests received per fault. */
  hits: Map<string, number>;
  /** Sockets still open (a cancelled request must close its socket). */
  openSockets(): number;
  close(): Promise<void>;
}

const JSON_TYPE = { 'content-type': 'application/json' };
const EVENT = (subject: string): string =>
  `data: ${JSON.stringify({ ts: new Date().toISOString(), kind: 'step', subject, data: {} })}\n\n`;

type Handler = (req: IncomingMessage, res: ServerResponse, rest: string, origin: string) => void;

/** Writes `total` bytes of a JSON string in 64 KiB chunks, respecting backpressure. */
function hugeJson(res: ServerResponse, total: number): void {
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  res.writeHead(200, { ...JSON_TYPE, 'content-length': String(total) });
  res.write('"');
  let left = total - 2;
  const pump = (): void => {
    while (left > 0) {
      const n = Math.min(left, chunk.length);
      left -= n;
      if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
        res.once('drain', pump);
        return;
      }
    }
    res.end('"');
  };
  pump();
}

/** One event every 20 ms; after `count` the socket is destroyed without ending the chunked body. */
function sseThenDrop(res: ServerResponse, count: number): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  let sent = 0;
  const timer = setInterval(() => {
    if (res.destroyed) return clearInterval(timer);
    if (sent === count) {
      clearInterval(timer);
      res.socket?.destroy();
      return;
    }
    sent += 1;
    res.write(EVENT('engine.step.completed'));
  }, 20);
}

/** Headers, then one byte every 50 ms for as long as the client listens. */
function trickle(res: ServerResponse): void {
  res.writeHead(200, { ...JSON_TYPE, 'content-length': '100000' });
  const timer = setInterval(() => {
    if (res.destroyed) clearInterval(timer);
    else res.write(' ');
  }, 50);
  res.on('close', () => clearInterval(timer));
}

function presign(res: ServerResponse, origin: string, fault: string): void {
  const objectKey = `uploads/${Math.random().toString(16).slice(2)}`;
  res.writeHead(200, JSON_TYPE).end(JSON.stringify({
    objectKey,
    uploadUrl: `${origin}/${fault}/_storage/${objectKey}?exp=9999999999&sig=${PRESIGN_SIG}`,
    httpMethod: 'PUT',
    requiredHeaders: { 'content-type': 'application/pdf' },
    expiresInSeconds: 900,
  }));
}

const HANDLERS: Record<string, Handler> = {
  ok: (_req, res) => void res.writeHead(200, JSON_TYPE).end('{"ok":true}'),
  // Half of the promised body, then an abrupt close (RST where the platform allows it).
  reset: (_req, res) => {
    res.writeHead(200, { ...JSON_TYPE, 'content-length': '1000' });
    res.write('{"partial":');
    setTimeout(() => {
      const socket = res.socket as (Socket & { resetAndDestroy?: () => void }) | null;
      if (socket?.resetAndDestroy) socket.resetAndDestroy();
      else socket?.destroy();
    }, 10);
  },
  stall: () => {},
  // The connection closes before any response byte.
  hangup: (req) => void req.socket.destroy(),
  // Bytes that are not HTTP at all (a target port that speaks another protocol).
  garbage: (req) => {
    req.socket.write('SSH-2.0-OpenSSH_9.6\r\n\r\n');
    req.socket.end();
  },
  // 256 KiB of response headers, far past undici's 16 KiB limit.
  'huge-headers': (_req, res) => {
    const headers: Record<string, string> = { ...JSON_TYPE };
    for (let i = 0; i < 256; i += 1) headers[`x-filler-${i}`] = 'f'.repeat(1024);
    res.writeHead(200, headers).end('{}');
  },
  trickle: (_req, res) => trickle(res),
  huge: (_req, res) => hugeJson(res, 5 * 1024 * 1024),
  badjson: (_req, res) => void res.writeHead(200, JSON_TYPE).end('{"runId": "r1", "status": '),
  html: (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>maintenance</body></html>'),
  storm: (_req, res) => void res.writeHead(500, JSON_TYPE).end('{"error":{"code":"internal","message":"storm"}}'),
  'sse-drop': (_req, res) => sseThenDrop(res, 3),
  // One event line that never ends: 8 MiB of data without a newline, then the stream stays open.
  'sse-huge': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write('data: "');
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let left = 128;
    const pump = (): void => {
      while (left > 0) {
        left -= 1;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
    };
    pump();
  },
  'sse-silent': (_req, res) => void res.writeHead(200, { 'content-type': 'text/event-stream' }).flushHeaders(),
  // Presign answers at once; the PUT to the presigned URL is read and never answered.
  'put-hang': (req, res, rest, origin) => {
    if (rest.startsWith('v1/file-library/presign')) return presign(res, origin, 'put-hang');
    req.resume();
  },
  redirect: (_req, res, rest) => {
    if (rest.startsWith('landed')) return void res.writeHead(200, JSON_TYPE).end('{"landed":true}');
    res.writeHead(302, { location: '/redirect/landed' }).end();
  },
  'redirect-loop': (_req, res) => void res.writeHead(302, { location: '/redirect-loop/again' }).end(),
};

function route(server: MisbehavingServer, origin: () => string): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const [, fault = '', ...rest] = path.split('/');
    server.hits.set(fault, (server.hits.get(fault) ?? 0) + 1);
    const handler = HANDLERS[fault];
    if (handler === undefined) return void res.writeHead(404, JSON_TYPE).end('{"error":"no such fault"}');
    handler(req, res, rest.join('/'), origin());
  };
}

export async function startMisbehavingServer(): Promise<MisbehavingServer> {
  const sockets = new Set<Socket>();
  let origin = '';
  const self: MisbehavingServer = {
    baseUrl: '',
    url: (fault) => `${origin}/${fault}`,
    hits: new Map(),
    openSockets: () => sockets.size,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
  const http: Server = createServer(route(self, () => origin));
  http.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
  self.baseUrl = origin;
  return self;
}
