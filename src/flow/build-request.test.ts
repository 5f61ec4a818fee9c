import { describe, expect, it } from 'vitest';
import { TemplateError } from '../suite/template.js';
import type { RequestSpec, TargetDefaults } from '../suite/types.js';
import { buildRequest, targetHeaders } from './build-request.js';
import type { FlowContext } from './context.js';

function context(headers: Record<string, string>, vars: Record<string, unknown>, baseUrl = 'http://127.0.0.1:1/api'): FlowContext {
  const target = { headers, timeoutMs: 1000, maxBodyBytes: 1024, followRedirects: false, redactHeaders: [] } as unknown as TargetDefaults;
  // Only the fields buildRequest reads; the client, recorder and schemas are never touched.
  return { baseUrl, target, vars, env: {}, secrets: [], signal: new AbortController().signal } as unknown as FlowContext;
}

function scopeOf(ctx: FlowContext, captures: Record<string, unknown> = {}, iteration = 0) {
  return { vars: ctx.vars, captures, env: ctx.env, vu: 1, iteration, flow: 'f' };
}

const DEFAULT_HEADERS = { 'X-API-Key': '${{ vars.apiKey }}' };

describe('buildRequest on specs without templates (rendered once per run)', () => {
  it('gives the same frozen request every time, marked to be encoded once', () => {
    const ctx = context(DEFAULT_HEADERS, { apiKey: 'k1' });
    const spec: RequestSpec = { method: 'post', path: '/v1/x', json: { a: 1 }, headers: { 'X-Extra': 'y' } } as RequestSpec;
    const a = buildRequest(ctx, spec, scopeOf(ctx));
    const b = buildRequest(ctx, spec, scopeOf(ctx, {}, 1));
    expect(a).toBe(b);
    expect(a).toMatchObject({
      method: 'POST',
      url: 'http://127.0.0.1:1/api/v1/x',
      headers: { 'x-api-key': 'k1', 'x-extra': 'y', 'content-type': 'application/json' },
      body: '{"a":1}',
      timeoutMs: 1000,
      maxBodyBytes: 1024,
      followRedirects: false,
      signal: ctx.signal,
      redactHeaders: [],
    });
    expect(a.encodeOnce).toBeTypeOf('object');
    // Its bytes are encoded once: a change would go unsent, so it throws instead.
    expect(() => {
      a.headers['accept'] = 'text/event-stream';
    }).toThrow(TypeError);
    expect(() => {
      a.url = 'http://elsewhere/';
    }).toThrow(TypeError);
  });

  it('renders the same spec for another run with that run’s base URL and key', () => {
    const spec = { method: 'GET', path: '/ok' } as RequestSpec;
    const one = context(DEFAULT_HEADERS, { apiKey: 'k1' });
    const two = context(DEFAULT_HEADERS, { apiKey: 'k2' }, 'http://127.0.0.1:2');
    expect(buildRequest(one, spec, scopeOf(one)).url).toBe('http://127.0.0.1:1/api/ok');
    expect(buildRequest(two, spec, scopeOf(two))).toMatchObject({ url: 'http://127.0.0.1:2/ok', headers: { 'x-api-key': 'k2' } });
    expect(buildRequest(one, spec, scopeOf(one)).headers).toEqual({ 'x-api-key': 'k1' });
  });

  it('still fails every request when the key variable is unset', () => {
    const ctx = context(DEFAULT_HEADERS, {});
    const spec = { method: 'GET', path: '/ok' } as RequestSpec;
    expect(() => buildRequest(ctx, spec, scopeOf(ctx))).toThrow(TemplateError);
    expect(() => buildRequest(ctx, spec, scopeOf(ctx))).toThrow(TemplateError);
  });
});

describe('buildRequest on templated specs', () => {
  it('renders paths and headers per iteration', () => {
    const ctx = context(DEFAULT_HEADERS, { apiKey: 'k' });
    const spec = { method: 'GET', path: '/runs/${{ runId }}', headers: { 'X-It': '${{ iteration }}' } } as RequestSpec;
    expect(buildRequest(ctx, spec, scopeOf(ctx, { runId: 'a' }, 0))).toMatchObject({ url: 'http://127.0.0.1:1/api/runs/a', headers: { 'x-it': '0' } });
    expect(buildRequest(ctx, spec, scopeOf(ctx, { runId: 'b' }, 1))).toMatchObject({ url: 'http://127.0.0.1:1/api/runs/b', headers: { 'x-it': '1' } });
  });

  it('renders target headers that read per-iteration values each time', () => {
    const ctx = context({ 'X-Vu-It': '${{ iteration }}' }, {});
    expect(targetHeaders(ctx, scopeOf(ctx, {}, 3))).toEqual({ 'x-vu-it': '3' });
    expect(targetHeaders(ctx, scopeOf(ctx, {}, 4))).toEqual({ 'x-vu-it': '4' });
  });

  it('renders target headers against the scope given when it is not the run’s own', () => {
    const ctx = context(DEFAULT_HEADERS, { apiKey: 'run' });
    expect(targetHeaders(ctx, { ...scopeOf(ctx), vars: { apiKey: 'other' } })).toEqual({ 'x-api-key': 'other' });
    expect(targetHeaders(ctx, scopeOf(ctx))).toEqual({ 'x-api-key': 'run' });
  });
});
