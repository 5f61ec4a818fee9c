/**
 * E5 SSE stream: the session's backlog first, then live events; comment heartbeats; closed by
 * the server after SessionCompleted (immediately for a session that already completed).
 */
import type { App } from './app.js';
import type { Ctx } from './http-io.js';
import { scopedRun } from './routes-runs.js';
import { deviates } from './deviations.js';
import { encodeEvent, keepOpen } from './timeline.js';

export function streamRoute(ctx: Ctx, app: App, params: string[]): void {
  const session = scopedRun(ctx, app, params[0] ?? '').session;
  const { req, res } = ctx;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-accel-buffering': 'no',
  });
  if (ctx.fault === 'drop') {
    const first = session.backlog[0];
    res.write(first === undefined ? ': ping\n\n' : encodeEvent(first), () => res.destroy());
    return;
  }
  if (deviates(app.config, 'stream-not-json')) res.write('data: {"ts":"now","kind":"run"\n\n');
  if (session.backlog.length > 0) res.write(session.backlog.map(encodeEvent).join(''));
  const lingers = deviates(app.config, 'stream-never-closes');
  if (lingers) keepOpen.add(res);
  if (session.finishedAtMs !== null && !lingers) {
    res.end();
    return;
  }
  session.streams.add(res);
  const heartbeat = setInterval(() => {
    if (!res.destroyed) res.write(': ping\n\n');
  }, app.config.heartbeatMs);
  heartbeat.unref();
  const stop = (): void => {
    clearInterval(heartbeat);
    session.streams.delete(res);
  };
  res.on('close', stop);
  res.on('error', stop); // a client that vanished mid-write is not a server error
  req.on('close', stop);
}
