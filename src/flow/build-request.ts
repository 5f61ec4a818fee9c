/**
 * RequestSpec (with templates) → HttpRequest for one iteration. Template errors propagate as
 * TemplateError; the caller turns them into a recorded failure.
 */
import type { HttpRequest } from '../http/types.js';
import { joinUrl } from '../http/url.js';
import { hasTemplate, renderString, renderValue, templateExpressions, type TemplateScope } from '../suite/template.js';
import type { RequestSpec } from '../suite/types.js';
import type { FlowContext } from './context.js';

/**
 * Target headers are the same on every request of a run unless a template in them reads
 * something per iteration: the default `X-API-Key: ${{ vars.apiKey }}` only reads the run's
 * variables. Such headers are rendered once per context; undefined when some value reads
 * captures, built-ins or functions (or does not render) and must be rendered each time.
 */
const staticTargetHeaders = new WeakMap<FlowContext, Record<string, string> | undefined>();

/** True when every expression of `template` reads only `vars.…` or `env.…`. */
function readsOnlyRunValues(template: string): boolean {
  try {
    return templateExpressions(template).every((e) => e.kind === 'path' && (e.root === 'vars' || e.root === 'env'));
  } catch {
    // A syntax error is reported by the per-request rendering, as before.
    return false;
  }
}

function renderFixedHeaders(ctx: FlowContext, entries: Array<[string, string]>): Record<string, string> | undefined {
  if (!entries.every(([, value]) => readsOnlyRunValues(value))) return undefined;
  const scope: TemplateScope = { vars: ctx.vars, captures: {}, env: ctx.env, vu: 0, iteration: 0, flow: '' };
  const out: Record<string, string> = {};
  try {
    for (const [name, value] of entries) out[name.toLowerCase()] = renderString(value, scope);
  } catch {
    // An unset variable: every request reports its template failure, as before.
    return undefined;
  }
  return out;
}

function fixedTargetHeaders(ctx: FlowContext): Record<string, string> | undefined {
  if (staticTargetHeaders.has(ctx)) return staticTargetHeaders.get(ctx);
  const entries = Object.entries(ctx.target.headers);
  let fixed: Record<string, string> | undefined = {};
  if (entries.length === 0) {
    const key = ctx.vars['apiKey'];
    if (typeof key === 'string' && key !== '') fixed['x-api-key'] = key;
  } else {
    fixed = renderFixedHeaders(ctx, entries);
  }
  staticTargetHeaders.set(ctx, fixed);
  return fixed;
}

/**
 * Headers sent on every API request: the suite's `target.headers`, or — when the suite sets
 * none — `X-API-Key` from the `apiKey` variable. Never used for presigned uploads. Returns a
 * fresh object each call: steps may add headers to it.
 */
export function targetHeaders(ctx: FlowContext, scope: TemplateScope): Record<string, string> {
  const fixed = scope.vars === ctx.vars && scope.env === ctx.env ? fixedTargetHeaders(ctx) : undefined;
  if (fixed !== undefined) return { ...fixed };
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(ctx.target.headers)) out[name.toLowerCase()] = renderString(value, scope);
  return out;
}

function renderQuery(
  query: RequestSpec['query'],
  scope: TemplateScope,
): Record<string, string> | undefined {
  if (query === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(query)) {
    const rendered = renderValue(value, scope);
    if (rendered === undefined || rendered === null) continue;
    out[name] = typeof rendered === 'string' ? rendered : JSON.stringify(rendered);
  }
  return out;
}

/** Sets the body (JSON wins over raw text) and its content type unless the step set one. */
function applyBody(spec: RequestSpec, scope: TemplateScope, req: HttpRequest): void {
  if (spec.json !== undefined) {
    req.body = JSON.stringify(renderValue(spec.json, scope));
    req.headers['content-type'] ??= 'application/json';
  } else if (spec.body !== undefined) {
    req.body = renderString(spec.body, scope);
    req.headers['content-type'] ??= 'text/plain; charset=utf-8';
  }
}

/** True when nothing in the spec is templated: its URL, headers and body are the same every time. */
function isStaticSpec(spec: RequestSpec): boolean {
  if (hasTemplate(spec.path)) return false;
  if (spec.body !== undefined && hasTemplate(spec.body)) return false;
  if (Object.values(spec.headers ?? {}).some(hasTemplate)) return false;
  const values = [spec.json, spec.query];
  return !values.some((v) => v !== undefined && JSON.stringify(v).includes('${{'));
}

/**
 * What a spec without templates renders to, per run context (the base URL and target headers):
 * one frozen request, sent as it is every time, its bytes encoded once by the client.
 */
interface StaticPlan {
  ctx: FlowContext;
  request: HttpRequest;
}

/** undefined: the spec holds templates and is rendered per request. */
const plans = new WeakMap<RequestSpec, StaticPlan | undefined>();

function staticPlan(ctx: FlowContext, spec: RequestSpec, parseJson: HttpRequest['parseJson']): StaticPlan | undefined {
  let plan = plans.get(spec);
  if (plan !== undefined && plan.ctx === ctx) return plan;
  if (plan === undefined && plans.has(spec)) return undefined;
  if (!isStaticSpec(spec) || fixedTargetHeaders(ctx) === undefined) {
    plans.set(spec, undefined);
    return undefined;
  }
  // Nothing in the spec reads the scope; the target headers read only the run's values.
  const scope: TemplateScope = { vars: ctx.vars, captures: {}, env: ctx.env, vu: 0, iteration: 0, flow: '' };
  const request = renderRequest(ctx, spec, scope, parseJson);
  request.encodeOnce = {};
  Object.freeze(request.headers);
  plan = { ctx, request: Object.freeze(request) };
  plans.set(spec, plan);
  return plan;
}

/**
 * The request of a spec without templates, rendered once per run (see buildRequest); undefined
 * when the spec holds templates. Needs no scope, so the hot path builds none.
 */
export function staticRequest(ctx: FlowContext, spec: RequestSpec, parseJson?: HttpRequest['parseJson']): HttpRequest | undefined {
  return staticPlan(ctx, spec, parseJson)?.request;
}

function renderRequest(ctx: FlowContext, spec: RequestSpec, scope: TemplateScope, parseJson: HttpRequest['parseJson']): HttpRequest {
  const headers = targetHeaders(ctx, scope);
  for (const [name, value] of Object.entries(spec.headers ?? {})) {
    headers[name.toLowerCase()] = renderString(value, scope);
  }
  const req = newRequest(ctx, spec, joinUrl(ctx.baseUrl, renderString(spec.path, scope), renderQuery(spec.query, scope)), headers);
  if (parseJson !== undefined) req.parseJson = parseJson;
  applyBody(spec, scope, req);
  return req;
}

function newRequest(ctx: FlowContext, spec: RequestSpec, url: string, headers: Record<string, string>): HttpRequest {
  return {
    method: spec.method.toUpperCase(),
    url,
    headers,
    timeoutMs: spec.timeoutMs ?? ctx.target.timeoutMs,
    maxBodyBytes: ctx.target.maxBodyBytes,
    followRedirects: ctx.target.followRedirects,
    signal: ctx.signal,
    redactHeaders: ctx.target.redactHeaders,
  };
}

/**
 * Renders `spec` for one request. A spec without templates is rendered once per run: every call
 * returns that same request, frozen (headers too) since its bytes are encoded once
 * (`encodeOnce`). A caller that needs to change a request builds its own (`apiRequest`).
 * `parseJson` is the request's (default `auto`); one spec is always built with the same one.
 */
export function buildRequest(ctx: FlowContext, spec: RequestSpec, scope: TemplateScope, parseJson?: HttpRequest['parseJson']): HttpRequest {
  const runScope = scope.vars === ctx.vars && scope.env === ctx.env;
  return (runScope ? staticRequest(ctx, spec, parseJson) : undefined) ?? renderRequest(ctx, spec, scope, parseJson);
}

/** A JSON API request built by the engine itself (upload, message steps). */
export function apiRequest(
  ctx: FlowContext,
  scope: TemplateScope,
  method: string,
  path: string,
  json?: unknown,
): HttpRequest {
  const headers = targetHeaders(ctx, scope);
  const req: HttpRequest = {
    method,
    url: joinUrl(ctx.baseUrl, path),
    headers,
    timeoutMs: ctx.target.timeoutMs,
    maxBodyBytes: ctx.target.maxBodyBytes,
    followRedirects: ctx.target.followRedirects,
    signal: ctx.signal,
    redactHeaders: ctx.target.redactHeaders,
  };
  if (json !== undefined) {
    req.body = JSON.stringify(json);
    headers['content-type'] = 'application/json';
  }
  return req;
}
