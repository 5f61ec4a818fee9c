/**
 * Raw suite data → the normalized model of types.ts, with defaults applied and units converted.
 * Runs only on data that passed the schema and the semantic checks, so shapes are known here.
 */
import { basename, extname } from 'node:path';
import { field, isRecord } from './context.js';
import type { CheckContext } from './context.js';
import { loadModel } from './check-load.js';
import { rawThresholds } from './check-thresholds.js';
import { parseDuration } from './duration.js';
import { parseSize } from './size.js';
import type { DataPath } from './source.js';
import { metricsFor, parseThresholdExpression } from './threshold.js';
import type { MetricKind } from './threshold.js';
import type {
  Assertion, CaptureSpec, Expect, Flow, LoadProfile, RequestSpec, SourceLocation, Step, Suite, TargetDefaults,
  TemplateValue, ThresholdCondition, ThresholdSpec,
} from './types.js';

type Raw = Record<string, unknown>;

const ms = (value: unknown, fallback: number): number => parseDuration(value) ?? fallback;

export function normalizeSuite(ctx: CheckContext, digest: string): Suite {
  const data = ctx.data as Raw;
  const load = normalizeLoad(field(data, 'load'));
  const flows = (data.flows as Raw[]).map((flow, i) => normalizeFlow(ctx, flow, ['flows', i]));
  const metrics = metricsFor({ open: load.model === 'open', flows });
  const suite: Suite = {
    name: data.name as string,
    file: ctx.file,
    digest,
    target: normalizeTarget(field(data, 'target')),
    variables: isRecord(data.variables) ? (data.variables as Record<string, TemplateValue>) : {},
    load,
    thresholds: normalizeThresholds(ctx, metrics),
    flows,
  };
  if (typeof data.description === 'string') suite.description = data.description;
  return suite;
}

function loc(ctx: CheckContext, path: DataPath): SourceLocation {
  const { line, col } = ctx.source.locate(path);
  return { file: ctx.file, line, col };
}

function normalizeTarget(raw: unknown): TargetDefaults {
  const t = isRecord(raw) ? raw : {};
  const target: TargetDefaults = {
    timeoutMs: ms(t.timeout, 10_000),
    headers: isRecord(t.headers) ? (t.headers as Record<string, string>) : { 'X-API-Key': '${{ vars.apiKey }}' },
    redactHeaders: Array.isArray(t.redactHeaders) ? (t.redactHeaders as string[]) : [],
    followRedirects: t.followRedirects === true,
    maxBodyBytes: parseSize(t.maxBodySize) ?? 1024 * 1024,
  };
  if (typeof t.baseUrl === 'string') target.baseUrl = t.baseUrl;
  return target;
}

function normalizeLoad(raw: unknown): LoadProfile {
  const l = isRecord(raw) ? raw : {};
  if (loadModel(l) === 'open') {
    const phases = (l.phases as Raw[]).map((p) => {
      const rate = typeof p.rate === 'number' ? p.rate : undefined;
      return { durationMs: ms(p.duration, 0), from: rate ?? (p.from as number), to: rate ?? (p.to as number) };
    });
    return { model: 'open', phases, maxInFlight: typeof l.maxInFlight === 'number' ? l.maxInFlight : 1000 };
  }
  const load: LoadProfile = { model: 'closed', vus: typeof l.vus === 'number' ? l.vus : 1 };
  if (typeof l.iterations === 'number') load.iterations = l.iterations;
  if (l.duration !== undefined) load.durationMs = ms(l.duration, 0);
  if (Array.isArray(l.stages)) load.stages = (l.stages as Raw[]).map((s) => ({ durationMs: ms(s.duration, 0), target: s.target as number }));
  if (l.thinkTime !== undefined) {
    const t = l.thinkTime;
    load.thinkTimeMs = isRecord(t) ? { min: ms(t.min, 0), max: ms(t.max, 0) } : { min: ms(t, 0), max: ms(t, 0) };
  }
  return load;
}

function normalizeThresholds(ctx: CheckContext, metrics: Map<string, MetricKind>): ThresholdSpec[] {
  return rawThresholds(ctx.data).map((t) => ({
    metric: t.metric,
    expression: t.expression,
    condition: parseThresholdExpression(t.expression, metrics.get(t.metric)) as ThresholdCondition,
    abortOnFail: t.options.abortOnFail === true,
    delayAbortEvalMs: ms(t.options.delayAbortEval, 0),
    loc: loc(ctx, t.path),
  }));
}

function normalizeFlow(ctx: CheckContext, raw: Raw, path: DataPath): Flow {
  return {
    name: raw.name as string,
    weight: typeof raw.weight === 'number' ? raw.weight : 1,
    requires: Array.isArray(raw.requires) ? (raw.requires as string[]) : [],
    steps: (raw.steps as Raw[]).map((step, i) => normalizeStep(ctx, step, [...path, 'steps', i])),
    loc: loc(ctx, path),
  };
}

function normalizeStep(ctx: CheckContext, raw: Raw, path: DataPath): Step {
  const base = { name: raw.name as string, loc: loc(ctx, path) };
  const extras: { expect?: Expect; capture?: Record<string, CaptureSpec> } = {};
  if (isRecord(raw.expect)) extras.expect = normalizeExpect(ctx, raw.expect, [...path, 'expect']);
  if (isRecord(raw.capture)) extras.capture = normalizeCaptures(raw.capture);
  if (isRecord(raw.request)) return { ...base, ...extras, kind: 'request', request: normalizeRequest(raw.request) };
  if (isRecord(raw.poll)) return { ...base, ...extras, kind: 'poll', poll: normalizePoll(ctx, raw.poll, [...path, 'poll']) };
  if (isRecord(raw.upload)) return { ...base, ...extras, kind: 'upload', upload: normalizeUpload(raw.upload, base.name) };
  if (isRecord(raw.stream)) return { ...base, ...extras, kind: 'stream', stream: normalizeStream(raw.stream) };
  if (isRecord(raw.message)) return { ...base, ...extras, kind: 'message', message: normalizeMessage(raw.message) };
  const b = raw.blast as Raw;
  return {
    ...base, ...extras, kind: 'blast',
    blast: {
      request: normalizeRequest(b.request as Raw),
      connections: typeof b.connections === 'number' ? b.connections : 10,
      durationMs: ms(b.duration, 10_000),
      pipelining: typeof b.pipelining === 'number' ? b.pipelining : 1,
    },
  };
}

export function normalizeRequest(raw: Raw): RequestSpec {
  const request: RequestSpec = { method: typeof raw.method === 'string' ? raw.method.toUpperCase() : 'GET', path: raw.path as string };
  if (isRecord(raw.headers)) request.headers = raw.headers as Record<string, string>;
  if (isRecord(raw.query)) request.query = raw.query as Record<string, TemplateValue>;
  if (raw.json !== undefined) request.json = raw.json as TemplateValue;
  if (typeof raw.body === 'string') request.body = raw.body;
  if (raw.timeout !== undefined) request.timeoutMs = ms(raw.timeout, 10_000);
  return request;
}

function normalizeAssertion(ctx: CheckContext, raw: Raw, path: DataPath): Assertion {
  const a: Assertion = { path: String(raw.path ?? ''), loc: loc(ctx, path) };
  if (raw.equals !== undefined) a.equals = raw.equals as TemplateValue;
  if (typeof raw.exists === 'boolean') a.exists = raw.exists;
  if (typeof raw.matches === 'string') a.matches = raw.matches;
  if (Array.isArray(raw.oneOf)) a.oneOf = raw.oneOf as TemplateValue[];
  return a;
}

/** `2xx` → 200..299; codes as they are; sorted and unique. */
export function expandStatus(raw: unknown): number[] {
  const items = Array.isArray(raw) ? raw : [raw];
  const codes = new Set<number>();
  for (const item of items) {
    const text = String(item);
    if (/^[1-5]xx$/.test(text)) {
      const base = Number(text[0]) * 100;
      for (let c = base; c < base + 100; c++) codes.add(c);
    } else if (/^\d+$/.test(text)) {
      codes.add(Number(text));
    }
  }
  return [...codes].sort((a, b) => a - b);
}

function normalizeExpect(ctx: CheckContext, raw: Raw, path: DataPath): Expect {
  const expect: Expect = {};
  if (raw.status !== undefined) expect.status = expandStatus(raw.status);
  if (typeof raw.schema === 'string') expect.schema = raw.schema;
  if (isRecord(raw.headers)) {
    expect.headers = {};
    for (const [name, value] of Object.entries(raw.headers)) {
      const at = [...path, 'headers', name];
      const spec = isRecord(value) ? value : { equals: value };
      expect.headers[name] = normalizeAssertion(ctx, { ...spec, path: name }, at);
    }
  }
  if (Array.isArray(raw.body)) expect.body = (raw.body as Raw[]).map((a, i) => normalizeAssertion(ctx, a, [...path, 'body', i]));
  return expect;
}

function normalizeCaptures(raw: Raw): Record<string, CaptureSpec> {
  const out: Record<string, CaptureSpec> = {};
  for (const [name, spec] of Object.entries(raw)) {
    if (typeof spec === 'string') out[name] = { from: 'body', path: spec };
    else if (isRecord(spec) && typeof spec.header === 'string') out[name] = { from: 'header', name: spec.header };
    else if (isRecord(spec)) out[name] = { from: 'body', path: String(spec.path) };
  }
  return out;
}

function normalizePoll(ctx: CheckContext, raw: Raw, path: DataPath): Extract<Step, { kind: 'poll' }>['poll'] {
  return {
    request: normalizeRequest(raw.request as Raw),
    until: normalizeAssertion(ctx, raw.until as Raw, [...path, 'until']),
    intervalMs: ms(raw.interval, 1_000),
    backoff: typeof raw.backoff === 'number' ? raw.backoff : 1,
    maxIntervalMs: ms(raw.maxInterval, 10_000),
    timeoutMs: ms(raw.timeout, 60_000),
    maxAttempts: typeof raw.maxAttempts === 'number' ? raw.maxAttempts : 0,
  };
}

const MEDIA_TYPES: Readonly<Record<string, string>> = {
  '.pdf': 'application/pdf', '.txt': 'text/plain', '.md': 'text/markdown', '.csv': 'text/csv',
  '.json': 'application/json', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

function normalizeUpload(raw: Raw, stepName: string): Extract<Step, { kind: 'upload' }>['upload'] {
  const file = typeof raw.file === 'string' ? raw.file : undefined;
  const filename = typeof raw.filename === 'string' ? raw.filename : file !== undefined ? basename(file) : `${stepName}.bin`;
  const mediaType = typeof raw.mediaType === 'string' ? raw.mediaType : (MEDIA_TYPES[extname(filename).toLowerCase()] ?? 'application/octet-stream');
  const upload: Extract<Step, { kind: 'upload' }>['upload'] = { filename, mediaType, as: typeof raw.as === 'string' ? raw.as : stepName };
  if (file !== undefined) upload.file = file;
  if (isRecord(raw.generate)) {
    const pattern = raw.generate.pattern;
    upload.generate = { sizeBytes: parseSize(raw.generate.size) ?? 0, pattern: pattern === 'zeros' || pattern === 'text' ? pattern : 'random' };
  }
  if (raw.maxContentLength !== undefined) upload.maxContentLength = parseSize(raw.maxContentLength) ?? 0;
  return upload;
}

function normalizeStream(raw: Raw): Extract<Step, { kind: 'stream' }>['stream'] {
  const stream: Extract<Step, { kind: 'stream' }>['stream'] = {
    runId: raw.runId as string,
    timeoutMs: ms(raw.timeout, 60_000),
    eventSchema: typeof raw.eventSchema === 'string' ? raw.eventSchema : 'sse-event',
  };
  if (typeof raw.until === 'string') stream.untilSubject = raw.until;
  return stream;
}

function normalizeMessage(raw: Raw): Extract<Step, { kind: 'message' }>['message'] {
  type Action = Extract<Step, { kind: 'message' }>['message']['action'];
  let action: Action;
  if (typeof raw.text === 'string') action = { type: 'text', text: raw.text };
  else if (typeof raw.approve === 'boolean') action = { type: 'approve', approved: raw.approve };
  else if (raw.reject === true) action = { type: 'approve', approved: false };
  else if (raw.files !== undefined) action = { type: 'files', files: raw.files as TemplateValue };
  else action = { type: 'skip-wait' };
  return { runId: raw.runId as string, action, endpoint: raw.endpoint === 'input' ? 'input' : 'messages' };
}
