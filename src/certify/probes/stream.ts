/**
 * Stream (§5 E5, §10.7): 200 text/event-stream; every event's data is one JSON object of the
 * event schema; the server ends the stream once the session completed (the SDK reader only
 * stops when the server closes, so a stream left open hangs every documented client).
 */
import { readEventStream } from '../../http/sse.js';
import type { SseEvent, StreamOutcome } from '../../http/sse.js';
import type { ProbeContext } from '../context.js';
import type { Probe, Verdicts } from '../probe.js';
import { startRun } from './runs.js';

interface Watch {
  events: number;
  firstProblem?: string;
  /** ms (Date.now) when the session-completed event arrived. */
  completedAt?: number;
}

function isSessionCompleted(json: unknown): boolean {
  if (typeof json !== 'object' || json === null) return false;
  const e = json as Record<string, unknown>;
  return e['kind'] === 'session' && typeof e['subject'] === 'string' && /complete/i.test(e['subject']);
}

function onEvent(ctx: ProbeContext, watch: Watch, grace: AbortController, event: SseEvent): void {
  watch.events += 1;
  if (event.json === undefined) watch.firstProblem ??= `event ${watch.events}: data is not JSON (${event.parseError ?? 'unparsable'}): ${event.data.slice(0, 80)}`;
  else {
    const problem = ctx.schemaProblem('sse-event', event.json);
    if (problem !== undefined) watch.firstProblem ??= `event ${watch.events}: ${problem}`;
  }
  if (watch.completedAt === undefined && isSessionCompleted(event.json)) {
    watch.completedAt = Date.now();
    setTimeout(() => grace.abort(), ctx.timings.streamGraceMs).unref();
  }
}

function closeVerdict(ctx: ProbeContext, watch: Watch, s: StreamOutcome): { ok: boolean; evidence: string } {
  if (watch.completedAt === undefined) {
    return { ok: false, evidence: `no session-completed event within ${ctx.timings.runTimeoutMs} ms (end: ${s.endReason}, ${s.events} events)` };
  }
  if (s.endReason === 'end') return { ok: true, evidence: `${s.events} events; the server closed the stream within ${Date.now() - watch.completedAt} ms of the session-completed event` };
  return { ok: false, evidence: `stream still open ${ctx.timings.streamGraceMs} ms after the session-completed event (end: ${s.endReason})` };
}

export const streamProbe: Probe = {
  name: 'stream',
  area: 'core',
  phase: 1,
  checks: ['open', 'events', 'closes'],
  async run(ctx, out: Verdicts) {
    const started = await startRun(ctx, ctx.target.agentId);
    if (started.runId === undefined) return out.failRest(`could not start a run: ${ctx.describe(started.ex)}`);
    if (!ctx.spend()) return out.failRest('the certification request budget is exhausted');
    const req = ctx.request({ method: 'GET', path: `/v1/runs/${encodeURIComponent(started.runId)}/stream`, headers: { accept: 'text/event-stream' } });
    const watch: Watch = { events: 0 };
    const grace = new AbortController();
    const s = await readEventStream(ctx.shared.client, req, {
      timeoutMs: ctx.timings.runTimeoutMs + ctx.timings.streamGraceMs,
      signal: grace.signal,
      onEvent: (event) => onEvent(ctx, watch, grace, event),
    });
    grace.abort();
    ctx.observe(s.exchange);
    const head = `${ctx.describe(s.exchange)} content-type ${s.exchange.headers['content-type'] ?? 'none'}`;
    out.judge('open', s.exchange.status === 200 && s.contentTypeOk, head);
    if (s.exchange.status === undefined || s.exchange.status > 299) return out.failRest('the stream did not open');
    const eventsOk = watch.events > 0 && watch.firstProblem === undefined;
    out.judge('events', eventsOk, watch.firstProblem ?? `${watch.events} events, each one JSON object of the event schema`);
    const close = closeVerdict(ctx, watch, s);
    out.judge('closes', close.ok, close.evidence);
  },
};
