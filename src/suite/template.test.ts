import { describe, expect, it } from 'vitest';
import { parseTemplate, renderString, renderValue, TemplateError, templateRefs } from './template.js';
import type { TemplateScope } from './template.js';

const scope = (over: Partial<TemplateScope> = {}): TemplateScope => ({
  vars: { apiKey: 'sk-secret-123', agentId: 'agent-1', limits: { max: 5 }, list: [1, 2] },
  captures: { runId: 'run-9', doc: { fileRef: { phronyFile: true, filename: 'x.pdf', mediaType: 'application/pdf' }, leaf: 'x.pdf' }, agentId: 'captured-agent' },
  env: { HOME_URL: 'http://127.0.0.1:1', EMPTY: '' },
  vu: 3,
  iteration: 0,
  flow: 'start_poll',
  ...over,
});

describe('renderString', () => {
  it.each([
    ['no template', 'no template'],
    ['/v1/runs/${{ runId }}', '/v1/runs/run-9'],
    ['${{vars.agentId}}/${{ captures.runId }}', 'agent-1/run-9'],
    ['${{ env.HOME_URL }}/x', 'http://127.0.0.1:1/x'],
    ['[${{ env.EMPTY }}]', '[]'],
    ['vu ${{ vu }} it ${{ iteration }} in ${{ flow }}', 'vu 3 it 0 in start_poll'],
    ['${{ limits }}', '{"max":5}'],
    ['n=${{ limits.max }}', 'n=5'],
    ['${{ list.1 }}', '2'],
    ['${{ doc.leaf }}', 'x.pdf'],
    ['a }} b', 'a }} b'],
  ])('%s → %s', (template, expected) => {
    expect(renderString(template, scope())).toBe(expected);
  });

  it('looks a bare name up in captures first, then variables', () => {
    expect(renderString('${{ agentId }}', scope())).toBe('captured-agent');
    expect(renderString('${{ agentId }}', scope({ captures: {} }))).toBe('agent-1');
    expect(renderString('${{ vars.agentId }}', scope())).toBe('agent-1');
  });

  it('reads flat upload captures too (captures["doc.fileRef"])', () => {
    expect(renderString('${{ up.leaf }}', scope({ captures: { 'up.leaf': 'y.pdf' } }))).toBe('y.pdf');
  });

  it('renders functions', () => {
    expect(renderString('${{ uuid() }}', scope())).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(renderString('${{ now() }}', scope())).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Number(renderString('${{ timestamp() }}', scope()))).toBeGreaterThan(1_600_000_000_000);
    expect(renderString('${{ randomString(12) }}', scope())).toMatch(/^[A-Za-z0-9]{12}$/);
    for (let i = 0; i < 200; i++) {
      const n = Number(renderString('${{ random(-2, 2) }}', scope()));
      expect(Number.isInteger(n) && n >= -2 && n <= 2).toBe(true);
    }
  });
});

describe('renderValue', () => {
  it('keeps the type of a string that is exactly one template', () => {
    const s = scope();
    expect(renderValue('${{ doc.fileRef }}', s)).toEqual({ phronyFile: true, filename: 'x.pdf', mediaType: 'application/pdf' });
    expect(renderValue('${{ limits.max }}', s)).toBe(5);
    expect(renderValue(' ${{ limits.max }}', s)).toBe(' 5');
    expect(renderValue('${{ vu }}', s)).toBe(3);
    expect(typeof renderValue('${{ timestamp() }}', s)).toBe('number');
  });

  it('renders nested values and returns template-free ones untouched', () => {
    const s = scope();
    const value = { input: { document: '${{ doc.fileRef }}', note: 'vu ${{ vu }}', n: 1, ok: true, none: null }, tags: ['a', '${{ runId }}'] };
    expect(renderValue(value, s)).toEqual({
      input: { document: { phronyFile: true, filename: 'x.pdf', mediaType: 'application/pdf' }, note: 'vu 3', n: 1, ok: true, none: null },
      tags: ['a', 'run-9'],
    });
    const plain = { a: [1, 'two', { b: null }] };
    expect(renderValue(plain, s)).toBe(plain);
    expect(renderValue(7, s)).toBe(7);
  });
});

describe('errors', () => {
  it('throws TEMPLATE_UNDEFINED naming the expression, never a value', () => {
    const cases = ['${{ nosuch }}', '${{ vars.nosuch }}', '${{ env.NOPE }}', '${{ captures.apiKey }}', '${{ limits.max.deeper }}', '${{ runId.x }}'];
    for (const template of cases) {
      let caught: unknown;
      try {
        renderString(template, scope());
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(TemplateError);
      const error = caught as TemplateError;
      expect(error.code).toBe('TEMPLATE_UNDEFINED');
      expect(error.message).toContain(template.slice(4, -3));
      expect(error.message).not.toContain('sk-secret');
    }
  });

  it('does not reach prototype properties', () => {
    expect(() => renderString('${{ vars.constructor }}', scope())).toThrow(TemplateError);
    expect(() => renderString('${{ __proto__ }}', scope())).toThrow(TemplateError);
    expect(() => renderString('${{ env.toString }}', scope())).toThrow(TemplateError);
  });

  it('throws TEMPLATE_SYNTAX at render time for a template that does not parse', () => {
    try {
      renderString('/runs/${{ runId', scope());
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(TemplateError);
      expect((err as TemplateError).code).toBe('TEMPLATE_SYNTAX');
    }
  });

  it.each([
    ['${{ runId', 'unclosed "${{": missing "}}"', 0],
    ['x ${{ }}', 'empty template expression "${{ }}"', 2],
    ['${{ a b }}', 'bad template expression "a b": expected a name (vars.x, env.X, runId, doc.fileRef) or a function (uuid(), random(1,10))', 0],
    ['${{ uuid }}', '"uuid" is a function: write uuid()', 0],
    ['${{ vu.x }}', '"vu" is a built-in value and has no fields', 0],
    ['${{ vars }}', '"vars" needs a name: vars.<name>', 0],
    ['${{ env.A.B }}', '"env.A.B": an environment variable has no fields', 0],
    ['${{ random(1) }}', 'random() takes 2 arguments, got 1', 0],
    ['${{ random(5, 1) }}', 'random(min, max) needs min <= max', 0],
    ['${{ random(a, 1) }}', 'random() arguments must be integers', 0],
    ['${{ nope() }}', 'unknown function "nope()": known functions are uuid(), random(), randomString(), now(), timestamp()', 0],
    ['ok ${{ x }} ${{ 1x }}', 'bad template expression "1x": expected a name (vars.x, env.X, runId, doc.fileRef) or a function (uuid(), random(1,10))', 12],
  ])('parseTemplate(%j) → %s at %d', (template, error, index) => {
    expect(parseTemplate(template)).toEqual({ ok: false, error, index });
  });
});

describe('templateRefs', () => {
  it('lists referenced names, not functions', () => {
    expect(templateRefs('/v1/${{ vars.agentId }}/${{ runId }}?t=${{ now() }}&vu=${{ vu }}&k=${{ env.K }}&f=${{ doc.fileRef }}')).toEqual([
      'vars.agentId', 'runId', 'vu', 'env.K', 'doc.fileRef',
    ]);
    expect(templateRefs('plain')).toEqual([]);
    expect(() => templateRefs('${{ bad')).toThrow(TemplateError);
  });
});

describe('compile cache', () => {
  it('renders the same template many times quickly', () => {
    const s = scope();
    const started = performance.now();
    let out = '';
    for (let i = 0; i < 100_000; i++) out = renderString('/v1/agents/${{ vars.agentId }}/runs/${{ runId }}', { ...s, iteration: i });
    expect(out).toBe('/v1/agents/agent-1/runs/run-9');
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
