import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import { createParser } from 'eventsource-parser';
import type { EventSourceMessage, ParseError } from 'eventsource-parser';
import type { HttpClient, OpenedResponse } from './client.js';
import type { Exchange, HttpRequest, TransportError } from './types.js';
import { mediaType, readBody } from './body.js';
import { completeExchange } from './exchange.js';
import { headerSecrets, redactText } from './redact.js';

/** One server-sent event, as handed to `onEvent` / `until`. Events are never stored. */
export interface SseEvent {
  /** The `data` field (several `data:` lines joined by `\n`, as the SSE standard says). */
  data: string;
  /** The `event:` field, when the server sent one. */
  event?: string;
  /** The `id:` field, when the server sent one. */
  id?: string;
  /** `data` parsed as JSON, when it parsed. */
  json?: unknown;
  /** Why `data` did not parse as JSON. */
  parseError?: string;
  /** When the event was complete, µs since the request started. */
  atUs: number;
}

export interface StreamOptions {
  /** Stop (and close the connection) at the first event for which this returns true. */
  until?: (event: SseEvent) => boolean;
  /** Called for every event as it arrives, before `until`. */
  onEvent?: (event: SseEvent) => void;
  /** Longest the whole stream may last, ms (headers included). */
  timeoutMs: number;
  /** Largest single event buffered, in characters. Default 1 MiB. */
  maxEventBytes?: number;
  /** Ends the stream with `aborted` (besides `req.signal`). */
  signal?: AbortSignal;
}

export type StreamEndReason = 'until' | 'end' | 'timeout' | 'error' | 'aborted';

export interface StreamOutcome {
  /** Status, headers and timings; `bodyText` only for a non-2xx or non-SSE response (an excerpt). */
  exchange: Exchange;
  events: number;
  /** µs from the request start to the first event. */
  firstEventUs?: number;
  /**
   * Longest silence before an event, µs: headers → first event, then event → event. The quiet
   * tail of a stream that timed out shows in `endReason`, not here.
   */
  maxGapUs: number;
  /** µs from the request start until the stream ended. */
  totalUs: number;
  endReason: StreamEndReason;
  error?: TransportError;
  /** The response said `Content-Type: text/event-stream`. */
  contentTypeOk: boolean;
  /** Comment lines (`: heartbeat`) received. */
  comments: number;
}

const DEFAULT_MAX_EVENT = 1024 * 1024;
/** Bytes of a non-SSE answer kept for the report; such a body may never end, so it is cut. */
const MAX_EXCERPT_BYTES = 64 * 1024;

function toUs(ms: number): number {
  return Math.round(ms * 1000);
}

function endReasonOf(error: TransportError): StreamEndReason {
  if (error.category === 'timeout') return 'timeout';
  if (error.category === 'aborted') return 'aborted';
  return 'error';
}

/**
 * Opens an SSE stream (E5) and reads it event by event until `until` holds, the server closes
 * it, the timeout passes, or the run aborts it. Memory stays bounded: events are handed to the
 * callbacks and dropped. Never rejects: failures are in `endReason` and `error`
 * (`exchange.error` is only set when no response head arrived). A callback that throws ends the
 * stream with `error`, category `other`.
 */
export async function readEventStream(client: HttpClient, req: HttpRequest, options: StreamOptions): Promise<StreamOutcome> {
  const opened = await client.open(req, {
    deadlineMs: options.timeoutMs,
    // Heartbeat gaps are the server's business; only the overall timeout ends a quiet stream.
    bodyTimeoutMs: 0,
    longLived: true,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const { exchange, body } = opened;
  const outcome: StreamOutcome = {
    exchange, events: 0, firstEventUs: undefined, maxGapUs: 0, totalUs: 0, endReason: 'end',
    error: undefined, contentTypeOk: mediaType(exchange.headers['content-type']) === 'text/event-stream', comments: 0,
  };
  if (!body) {
    if (exchange.error) {
      outcome.error = exchange.error;
      outcome.endReason = endReasonOf(exchange.error);
    }
  } else if (exchange.status === undefined || exchange.status < 200 || exchange.status > 299 || !outcome.contentTypeOk) {
    await readExcerpt(opened, body, req, outcome);
  } else {
    await consume(opened, body, req, options, outcome);
  }
  opened.release();
  const end = performance.now();
  exchange.durationUs = toUs(end - opened.t0);
  outcome.totalUs = exchange.durationUs;
  return outcome;
}

/** Keeps the start of a response that is not an event stream, for the report. */
async function readExcerpt(opened: OpenedResponse, body: Readable, req: HttpRequest, outcome: StreamOutcome): Promise<void> {
  try {
    const read = await readBody(body, Math.min(req.maxBodyBytes, MAX_EXCERPT_BYTES), 'destroy');
    completeExchange(opened.exchange, read, req);
  } catch (err) {
    outcome.error = opened.fail(err);
    outcome.endReason = endReasonOf(outcome.error);
  }
}

function toEvent(message: EventSourceMessage, atUs: number, secrets: () => string[]): SseEvent {
  const event: SseEvent = { data: message.data, atUs };
  if (message.event !== undefined) event.event = message.event;
  if (message.id !== undefined) event.id = message.id;
  try {
    event.json = JSON.parse(message.data);
  } catch (err) {
    // V8 quotes the start of the data in its message; it goes to reports.
    event.parseError = redactText(err instanceof Error ? err.message : String(err), secrets());
  }
  return event;
}

/** Feeds the body to the SSE parser, tracking counts and gaps, until a stop condition. */
async function consume(opened: OpenedResponse, body: Readable, req: HttpRequest, options: StreamOptions, outcome: StreamOutcome): Promise<void> {
  const secrets = (): string[] => headerSecrets(req.headers, req.redactHeaders);
  let lastUs = opened.exchange.ttfbUs ?? 0;
  let stopped = false;
  const maxEvent = options.maxEventBytes ?? DEFAULT_MAX_EVENT;
  const tooLarge = (message: string): void => {
    stopped = true;
    outcome.endReason = 'error';
    outcome.error = { category: 'body_too_large', code: 'SSE_EVENT_TOO_LARGE', message };
  };
  const parser = createParser({
    // Guards events still being buffered; one that arrives whole in a chunk is checked below.
    maxBufferSize: maxEvent,
    onEvent(message) {
      if (stopped) return;
      if (message.data.length > maxEvent) return tooLarge(`event of ${message.data.length} characters exceeds ${maxEvent}`);
      const atUs = toUs(performance.now() - opened.t0);
      outcome.events++;
      outcome.firstEventUs ??= atUs;
      if (atUs - lastUs > outcome.maxGapUs) outcome.maxGapUs = atUs - lastUs;
      lastUs = atUs;
      const event = toEvent(message, atUs, secrets);
      options.onEvent?.(event);
      if (options.until?.(event)) {
        stopped = true;
        outcome.endReason = 'until';
      }
    },
    onComment() {
      if (!stopped) outcome.comments++;
    },
    onError(error: ParseError) {
      if (error.type === 'max-buffer-size-exceeded' && !stopped) tooLarge(error.message);
    },
  });
  // Undici's body ignores setEncoding; a streaming decoder keeps split UTF-8 sequences whole.
  const decoder = new TextDecoder();
  try {
    for await (const chunk of body) {
      parser.feed(decoder.decode(chunk as Buffer, { stream: true }));
      if (stopped) break;
    }
  } catch (err) {
    if (!stopped) {
      outcome.error = opened.fail(err);
      outcome.endReason = endReasonOf(outcome.error);
    }
  }
}
