/**
 * The node:http server: fault injection, routing, and the safety net that turns every failure
 * into a JSON answer (a handler bug is a 500, never a crash or a hang).
 */
import { STATUS_CODES, createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { App } from './app.js';
import type { FaultInjector } from './faults.js';
import type { Ctx } from './http-io.js';
import { HttpError, errorBody, sendError } from './http-io.js';
import { match } from './router.js';
import { deviates } from './deviations.js';

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'X-API-Key, Content-Type',
  'access-control-max-age': '600',
};

function fail(ctx: Ctx, err: unknown, app: App): void {
  if (ctx.res.headersSent) {
    ctx.res.destroy();
    return;
  }
  if (deviates(app.config, 'error-body-text')) {
    const status = err instanceof HttpError ? err.status : 500;
    ctx.res.writeHead(status, { ...(err instanceof HttpError ? err.headers : {}), 'content-type': 'text/plain; charset=utf-8' });
    ctx.res.end(err instanceof HttpError ? err.message : 'Internal server error');
    return;
  }
  if (err instanceof HttpError) sendError(ctx, err.status, err.message, err.headers);
  else sendError(ctx, 500, 'Internal server error');
}

async function dispatch(ctx: Ctx, app: App): Promise<void> {
  const m = match(ctx.method, ctx.path);
  if (m.kind === 'none') throw new HttpError(404, `Cannot ${ctx.method} ${ctx.path}`);
  if (m.kind === 'method') {
    if (ctx.method === 'OPTIONS' && ctx.path.startsWith('/v1/')) {
      ctx.res.writeHead(204, { ...CORS_HEADERS, 'access-control-allow-methods': m.allow, allow: m.allow });
      ctx.res.end();
      return;
    }
    throw new HttpError(405, `Method ${ctx.method} is not allowed on ${ctx.path}`, { allow: m.allow });
  }
  await m.handler(ctx, app, m.params);
}

function makeCtx(req: IncomingMessage, res: ServerResponse): Ctx {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  return {
    req, res, method: req.method ?? 'GET',
    path: q === -1 ? url : url.slice(0, q),
    query: q === -1 ? '' : url.slice(q + 1),
    fault: 'none',
  };
}

/** Applies the picked fault; returns false when the request must not be handled further. */
async function applyFault(ctx: Ctx, faults: FaultInjector): Promise<boolean> {
  const decision = faults.decide(ctx.method, ctx.path);
  if (decision.delayMs > 0) {
    await new Promise<void>((resolve) => setTimeout(resolve, decision.delayMs).unref());
    if (ctx.res.destroyed) return false;
  }
  if (decision.mode === 'stall') return false; // never answered; close() destroys the socket
  if (decision.mode === 'error') {
    // Drain (bounded) so the client sees the answer rather than a reset.
    ctx.req.resume();
    sendError(ctx, faults.errorStatus, 'Injected fault');
    return false;
  }
  ctx.fault = decision.mode;
  return true;
}

export interface HttpHost {
  server: Server;
  sockets: Set<Socket>;
}

export function createHttpServer(app: App, faults: () => FaultInjector): HttpHost {
  const sockets = new Set<Socket>();
  const server = createServer({ keepAliveTimeout: 5_000 }, (req, res) => {
    const ctx = makeCtx(req, res);
    const injector = faults();
    if (!injector.active) {
      dispatch(ctx, app).catch((err: unknown) => fail(ctx, err, app));
      return;
    }
    applyFault(ctx, injector)
      .then((go) => (go ? dispatch(ctx, app) : undefined))
      .catch((err: unknown) => fail(ctx, err, app));
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable || err.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    // Oversized headers get 431 like node's default; anything else unparsable is a 400.
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    const body = errorBody(status, status === 431 ? 'Request headers too large' : 'Malformed HTTP request');
    socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body.toString()}`);
  });
  return { server, sockets };
}
