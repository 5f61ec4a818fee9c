/**
 * RequestSpec (with templates) → HttpRequest for one iteration. Template errors propagate as
 * TemplateError; the caller turns them into a recorded failure.
 */
import type { HttpRequest } from '../http/types.js';
import { joinUrl } from '../http/url.js';
import { renderString, renderValue, type TemplateScope } from '../suite/template.js';
import type { RequestSpec } from '../suite/types.js';
import type { FlowContext } from './context.js';

/**
 * Headers sent on every API request: the suite's `target.headers`, or — when the suite sets
 * none — `X-API-Key` from the `apiKey` variable. Never used for presigned uploads.
 */
export function targetHeaders(ctx: FlowContext, scope: TemplateScope): Record<string, string> {
  const out: Record<string, string> = {};
  const entries = Object.entries(ctx.target.headers);
  if (entries.length === 0) {
    const key = ctx.vars['apiKey'];
    if (typeof key === 'string' && key !== '') out['x-api-key'] = key;
    return out;
  }
  for (const [name, value] of entries) out[name.toLowerCase()] = renderString(value, scope);
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

export function buildRequest(ctx: FlowContext, spec: RequestSpec, scope: TemplateScope): HttpRequest {
  const headers = targetHeaders(ctx, scope);
  for (const [name, value] of Object.entries(spec.headers ?? {})) {
    headers[name.toLowerCase()] = renderString(value, scope);
  }
  const req: HttpRequest = {
    method: spec.method.toUpperCase(),
    url: joinUrl(ctx.baseUrl, renderString(spec.path, scope), renderQuery(spec.query, scope)),
    headers,
    timeoutMs: spec.timeoutMs ?? ctx.target.timeoutMs,
    maxBodyBytes: ctx.target.maxBodyBytes,
    followRedirects: ctx.target.followRedirects,
    signal: ctx.signal,
    redactHeaders: ctx.target.redactHeaders,
  };
  applyBody(spec, scope, req);
  return req;
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
