/**
 * `stream` step: follow GET /v1/runs/{runId}/stream (SSE) until an event with `untilSubject`,
 * the end of the stream, or the timeout. Events are validated as they arrive and never kept.
 * Measures: `first_event`, `max_gap`, `events`; the step latency is the total stream time.
 */
import { checkExchange } from '../../checks/expect.js';
import { readEventStream } from '../../http/sse.js';
import type { SseEvent, StreamOutcome } from '../../http/sse.js';
import type { CheckOutcome, StepRef } from '../../metrics/recorder.js';
import type { StreamStep } from '../../suite/types.js';
import { apiRequest } from '../build-request.js';
import type { FlowContext, IterationState, StepResult } from '../context.js';
import { rendered } from '../guard.js';
import { recordChecks, recordExchange, recordFailure, recordTransportError, stepRef } from '../record.js';
import { iterationScope } from '../scope.js';
import { renderString } from '../../suite/template.js';

function subjectOf(event: SseEvent): unknown {
  const json = event.json;
  return typeof json === 'object' && json !== null ? (json as Record<string, unknown>)['subject'] : undefined;
}

/** Validates one event against the step's event schema; the outcome is recorded at once. */
function eventCheck(ctx: FlowContext, step: StreamStep, event: SseEvent): CheckOutcome {
  const name = 'event schema';
  if (event.json === undefined) {
    return { name, passed: false, category: 'body_parse', message: `event data is not JSON: ${event.parseError ?? 'unparsable'}` };
  }
  const result = ctx.schemas.validate(step.stream.eventSchema, event.json);
  if (result.valid) return { name, passed: true };
  const first = result.errors[0];
  return {
    name,
    passed: false,
    category: 'schema',
    message: first !== undefined ? `${first.instancePath || '/'} ${first.message}` : 'invalid event',
    ...(first !== undefined ? { instancePath: first.instancePath, schemaPath: first.schemaPath } : {}),
  };
}

function recordMeasures(ctx: FlowContext, ref: StepRef, outcome: StreamOutcome): void {
  const at = outcome.exchange.startedAtMs;
  if (outcome.firstEventUs !== undefined) ctx.recorder.measure(ref, 'first_event', outcome.firstEventUs, at);
  ctx.recorder.measure(ref, 'max_gap', outcome.maxGapUs, at);
  ctx.recorder.measure(ref, 'events', outcome.events, at);
  ctx.recorder.measure(ref, 'latency', outcome.totalUs, at);
}

/** How the stream ended, judged against what the step asked for. */
function judgeEnd(ctx: FlowContext, ref: StepRef, state: IterationState, step: StreamStep, outcome: StreamOutcome): void {
  const until = step.stream.untilSubject;
  if (outcome.endReason === 'error' || outcome.endReason === 'aborted') {
    recordTransportError(ctx, ref, state, { ...outcome.exchange, ...(outcome.error ? { error: outcome.error } : {}) });
    if (outcome.endReason === 'aborted') state.ok = false;
  } else if (outcome.endReason === 'timeout' && outcome.events === 0) {
    recordFailure(ctx, ref, state, { name: 'stream events', category: 'timeout', message: `no event within ${step.stream.timeoutMs} ms` });
  } else if (until !== undefined && outcome.endReason !== 'until') {
    const why = outcome.endReason === 'timeout' ? `not seen within ${step.stream.timeoutMs} ms` : 'not seen before the stream ended';
    recordFailure(ctx, ref, state, {
      name: 'stream until',
      category: outcome.endReason === 'timeout' ? 'timeout' : 'assertion',
      message: `subject ${until} ${why} (${outcome.events} events)`,
      expected: until,
    });
  }
}

export async function runStreamStep(ctx: FlowContext, step: StreamStep, state: IterationState): Promise<StepResult> {
  const ref = stepRef(state, step.name);
  const scope = iterationScope(ctx, state);
  const req = rendered(ctx, ref, state, () => {
    const runId = encodeURIComponent(renderString(step.stream.runId, scope));
    return apiRequest(ctx, scope, 'GET', `/v1/runs/${runId}/stream`);
  });
  if (req === undefined) return 'stop';
  req.headers['accept'] = 'text/event-stream';
  const until = step.stream.untilSubject;
  const outcome = await readEventStream(ctx.client, req, {
    timeoutMs: step.stream.timeoutMs,
    signal: ctx.signal,
    ...(until !== undefined ? { until: (e: SseEvent) => subjectOf(e) === until } : {}),
    onEvent: (e: SseEvent) => void recordChecks(ctx, ref, state, [eventCheck(ctx, step, e)]),
  });
  // The exchange's own latency is the time to response headers: `http.latency` must not absorb
  // whole stream lifetimes. The stream time is the step latency (a measure, below).
  // A stream that ends at its timeout after events ended the way streams end: not an error.
  const headersUs = outcome.exchange.ttfbUs ?? outcome.exchange.durationUs;
  const failed = outcome.endReason === 'error' || outcome.endReason === 'aborted' || (outcome.endReason === 'timeout' && outcome.events === 0);
  const error = failed ? (outcome.error ?? outcome.exchange.error) : undefined;
  const recorded = { ...outcome.exchange, durationUs: headersUs };
  if (error === undefined) delete recorded.error;
  else recorded.error = error;
  recordExchange(ctx, ref, recorded);
  recordMeasures(ctx, ref, outcome);
  if (outcome.exchange.status !== undefined) {
    const expect = step.expect ?? { status: [200] };
    recordChecks(ctx, ref, state, checkExchange(expect, outcome.exchange, ctx.schemas, { redactSecrets: ctx.secrets }));
    if (!outcome.contentTypeOk && outcome.exchange.status < 300) {
      recordFailure(ctx, ref, state, { name: 'content-type', category: 'assertion', message: 'response is not text/event-stream', expected: 'text/event-stream', actual: outcome.exchange.headers['content-type'] });
    }
  }
  judgeEnd(ctx, ref, state, step, outcome);
  return 'continue';
}
