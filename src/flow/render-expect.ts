/**
 * Expectations may compare against captured values (`equals: ${{ runId }}`), so their
 * assertion values are rendered per iteration. Most expectations hold no template at all;
 * that is detected once per Expect object and then costs nothing.
 */
import { renderString, renderValue, type TemplateScope } from '../suite/template.js';
import type { Assertion, Expect, TemplateValue } from '../suite/types.js';

const templated = new WeakMap<object, boolean>();

function hasTemplate(value: object): boolean {
  let known = templated.get(value);
  if (known === undefined) {
    known = JSON.stringify(value).includes('${{');
    templated.set(value, known);
  }
  return known;
}

export function renderAssertion(a: Assertion, scope: TemplateScope): Assertion {
  if (!hasTemplate(a)) return a;
  const out: Assertion = { ...a };
  if (a.equals !== undefined) out.equals = renderValue(a.equals, scope) as TemplateValue;
  if (a.oneOf !== undefined) out.oneOf = a.oneOf.map((v) => renderValue(v, scope) as TemplateValue);
  if (a.matches !== undefined) out.matches = renderString(a.matches, scope);
  return out;
}

/** True when `expect` holds a template, i.e. needs `renderExpect` (and a scope) per iteration. */
export function expectHasTemplate(expect: Expect | undefined): boolean {
  return expect !== undefined && hasTemplate(expect);
}

export function renderExpect(expect: Expect | undefined, scope: TemplateScope): Expect | undefined {
  if (expect === undefined || !hasTemplate(expect)) return expect;
  const out: Expect = { ...expect };
  if (expect.body !== undefined) out.body = expect.body.map((a) => renderAssertion(a, scope));
  if (expect.headers !== undefined) {
    const headers: Record<string, Assertion> = {};
    for (const [name, a] of Object.entries(expect.headers)) headers[name] = renderAssertion(a, scope);
    out.headers = headers;
  }
  return out;
}
