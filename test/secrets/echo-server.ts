/**
 * A loopback target that gives secrets back: it echoes request headers (API key, Authorization,
 * a custom token header) in JSON bodies, response headers (fingerprinted ones included), error messages and plain text, and
 * hands out presigned upload URLs whose PUT answers with an error that quotes the signature.
 * Whatever the harness writes after talking to it must still hold none of them.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** The signature in every presigned URL; an artefact that holds it leaks a credential. */
export const ECHO_SIG = '5d1f0a9be7c24e1f8a3b6c5d4e3f2a19';

export interface EchoServer {
  baseUrl: string;
  /** Every X-API-Key value received, in order. */
  keysSeen: string[];
  close(): Promise<void>;
}

const JSON_TYPE = { 'content-type': 'application/json' };

function credentials(req: IncomingMessage): string {
  return [req.headers['x-api-key'], req.headers['authorization'], req.headers['x-tenant-token']].filter((v) => v !== undefined).join(' ');
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    req.setEncoding('utf8');
    // Bounded: an upload body is only counted past the first 64 KiB.
    req.on('data', (d: string) => {
      if (text.length < 65_536) text += d;
    });
    req.on('end', () => resolve(text));
    req.on('error', () => resolve(text));
  });
}

function presign(res: ServerResponse, origin: string): void {
  res.writeHead(200, JSON_TYPE).end(JSON.stringify({
    objectKey: 'uploads/echo-1',
    uploadUrl: `${origin}/_storage/uploads/echo-1?exp=9999999999&sig=${ECHO_SIG}`,
    httpMethod: 'PUT',
    requiredHeaders: { 'content-type': 'application/pdf' },
    expiresInSeconds: 900,
  }));
}

async function answer(req: IncomingMessage, res: ServerResponse, origin: string): Promise<void> {
  const body = await readBody(req);
  const url = req.url ?? '/';
  const echo = { headers: req.headers, url, body };
  const creds = credentials(req);
  // Response headers that repeat the key: one sensitive by name, one not.
  res.setHeader('set-cookie', `session=${creds}`);
  res.setHeader('x-echo-key', creds);
  // Headers the report keeps as the target's fingerprint.
  res.setHeader('server', `echo/1.0 (${creds})`);
  res.setHeader('x-app-version', `2.${creds}`);
  if (url.startsWith('/v1/file-library/presign')) return presign(res, origin);
  if (url.startsWith('/_storage/')) {
    return void res.writeHead(403, JSON_TYPE).end(JSON.stringify({ error: { code: 'bad_signature', message: `signature ${ECHO_SIG} rejected for ${url}` } }));
  }
  if (url.startsWith('/v1/denied')) {
    return void res.writeHead(401, JSON_TYPE).end(JSON.stringify({ error: { code: 'unauthorized', message: `key ${creds} is not valid` } }));
  }
  if (url.endsWith('/stream')) {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const event = { ts: '1', kind: 'step', subject: `engine.${creds}`, data: { creds } };
    return void res.end(`data: not json ${creds}\n\ndata: {"creds": "${creds}"}\n\ndata: ${JSON.stringify(event)}\n\n`);
  }
  // A transport failure on a URL that holds the key (the harness records the request line).
  if (url.startsWith('/v1/reset/')) return void req.socket.destroy();
  if (url.startsWith('/v1/text')) return void res.writeHead(200, { 'content-type': 'text/plain' }).end(`you sent ${creds}`);
  if (req.method === 'POST') return void res.writeHead(202, JSON_TYPE).end(JSON.stringify({ runId: 'r1', status: 'Queued', echo }));
  res.writeHead(200, JSON_TYPE).end(JSON.stringify({ runId: 'r1', status: 'Completed', echo }));
}

export async function startEchoServer(): Promise<EchoServer> {
  const sockets = new Set<Socket>();
  let origin = '';
  const keysSeen: string[] = [];
  const http: Server = createServer((req, res) => {
    const key = req.headers['x-api-key'];
    if (typeof key === 'string') keysSeen.push(key);
    void answer(req, res, origin);
  });
  http.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
  return {
    baseUrl: origin,
    keysSeen,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
