import type { Exchange } from '../http/types.js';
import type { CheckOutcome } from '../metrics/recorder.js';
import type { Assertion, Expect } from '../suite/types.js';
import { excerpt, redactText, redactUrl } from '../http/redact.js';
import { assertionOps, evaluateAssertion } from './assert.js';
import type { AssertionResult } from './assert.js';
import { resolvePath } from './path.js';
import type { SchemaRegistry } from './schemas.js';

export interface CheckOptions {
  /** Secret values (API keys) scrubbed from failure samples, beside anything shaped like a key. */
  redactSecrets?: string[];
}

const SAMPLE_CHARS = 2048;
const ANY_2XX = '2xx';

/** What failing outcomes carry about the exchange; built once, and only when something fails. */
class FailureContext {
  private cached: Pick<CheckOutcome, 'sampleBody' | 'request'> | undefined;

  constructor(private readonly exchange: Exchange, private readonly secrets: string[]) {}

  get(): Pick<CheckOutcome, 'sampleBody' | 'request'> {
    this.cached ??= {
      sampleBody: this.exchange.bodyText === undefined ? undefined : this.sample(this.exchange.bodyText),
      request: { method: this.exchange.method, url: redactText(redactUrl(this.exchange.url), this.secrets) },
    };
    return this.cached;
  }

  /** A redacted excerpt; only a bounded head is scanned, so a 1 MiB body costs no more. */
  sample(text: string): string {
    const longest = this.secrets.reduce((m, s) => Math.max(m, s.length), 0);
    const limit = SAMPLE_CHARS + longest + 64;
    if (text.length <= limit) return excerpt(redactText(text, this.secrets), SAMPLE_CHARS);
    // The count of cut characters refers to the original text (redaction changes lengths a little).
    return excerpt(redactText(text.slice(0, limit), this.secrets), SAMPLE_CHARS, text.length);
  }

  /** Actual values go to reports: strings redacted, big values cut to an excerpt of their JSON. */
  value(value: unknown): unknown {
    if (typeof value === 'string') return this.sample(value);
    if (value === null || typeof value !== 'object') return value;
    const json = JSON.stringify(value);
    return json.length > SAMPLE_CHARS || redactText(json, this.secrets) !== json ? this.sample(json) : value;
  }

  fail(outcome: CheckOutcome): CheckOutcome {
    outcome.passed = false;
    Object.assign(outcome, this.get());
    if (outcome.actual !== undefined) outcome.actual = this.value(outcome.actual);
    if (outcome.expected !== undefined) outcome.expected = this.value(outcome.expected);
    if (outcome.message !== undefined) outcome.message = redactText(outcome.message, this.secrets);
    return outcome;
  }
}

/** Every passing status check is the same outcome; nothing changes a passing one. */
const STATUS_PASSED: CheckOutcome = Object.freeze({ name: 'status', passed: true, category: 'status' });

function statusOutcome(expect: Expect | undefined, exchange: Exchange, ctx: FailureContext): CheckOutcome {
  const status = exchange.status ?? 0;
  const accepted = expect?.status;
  const ok = accepted === undefined ? status >= 200 && status <= 299 : accepted.includes(status);
  if (ok) return STATUS_PASSED;
  return ctx.fail({
    name: 'status', passed: false, category: 'status', expected: accepted ?? ANY_2XX, actual: exchange.status,
    message: `status ${exchange.status ?? 'none'}, expected ${accepted ? accepted.join(' or ') : ANY_2XX}`,
  });
}

/** Why a body that checks need as JSON cannot be used; undefined when it parsed. */
function unusableBody(exchange: Exchange): Pick<CheckOutcome, 'category' | 'message'> | undefined {
  if (exchange.json !== undefined) return undefined;
  if (exchange.truncated) return { category: 'body_too_large', message: `body of ${exchange.bodyBytes ?? 'unknown'} bytes exceeded maxBodyBytes; not parsed` };
  if (exchange.jsonError !== undefined) return { category: 'body_parse', message: `body is not valid JSON: ${exchange.jsonError}` };
  const type = exchange.headers['content-type'] ?? 'none';
  return { category: 'body_parse', message: `no JSON body (${exchange.bodyText ? `content-type ${type}` : 'empty body'})` };
}

function schemaOutcome(ref: string, exchange: Exchange, registry: SchemaRegistry, ctx: FailureContext): CheckOutcome {
  const name = `schema ${ref}`;
  const problem = unusableBody(exchange);
  if (problem) return ctx.fail({ name, passed: false, expected: ref, ...problem });
  const result = registry.validate(ref, exchange.json);
  if (result.valid) return { name, passed: true, category: 'schema' };
  const first = result.errors[0];
  // At the root the value is the whole body, which sampleBody already shows.
  const at = first?.instancePath ? resolvePath(exchange.json, first.instancePath) : { found: false };
  return ctx.fail({
    name, passed: false, category: 'schema', expected: ref, actual: at.found ? at.value : undefined,
    instancePath: first?.instancePath, schemaPath: first?.schemaPath,
    message: result.errors.map((e) => `${e.instancePath || '(root)'} ${e.message}`).join('; '),
  });
}

function assertionOutcome(name: string, result: AssertionResult, ctx: FailureContext): CheckOutcome {
  if (result.passed) return { name, passed: true, category: 'assertion' };
  return ctx.fail({ name, passed: false, category: 'assertion', expected: result.expected, actual: result.actual, message: result.message });
}

/** Header values are strings: a suite's `equals: 1` means the text "1". */
function asHeaderAssertion(a: Assertion): Assertion {
  const text = (v: unknown): unknown => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v);
  if (a.equals === undefined && a.oneOf === undefined) return a;
  return { ...a, equals: text(a.equals) as Assertion['equals'], oneOf: a.oneOf?.map(text) as Assertion['oneOf'] };
}

function headerOutcomes(headers: Record<string, Assertion>, exchange: Exchange, ctx: FailureContext, out: CheckOutcome[]): void {
  for (const [header, assertion] of Object.entries(headers)) {
    const lower = header.toLowerCase();
    const name = `header ${lower} ${assertionOps(assertion).join('+')}`;
    const value = exchange.headers[lower];
    const found = value === undefined ? { found: false } : { found: true, value };
    out.push(assertionOutcome(name, evaluateAssertion({ ...asHeaderAssertion(assertion), path: lower }, found), ctx));
  }
}

function bodyOutcomes(body: Assertion[], exchange: Exchange, ctx: FailureContext, out: CheckOutcome[]): void {
  const problem = unusableBody(exchange);
  for (const assertion of body) {
    const name = `body ${assertion.path} ${assertionOps(assertion).join('+')}`;
    if (problem) out.push(ctx.fail({ name, passed: false, ...problem }));
    else out.push(assertionOutcome(name, evaluateAssertion(assertion, resolvePath(exchange.json, assertion.path)), ctx));
  }
}

/**
 * The outcomes of one response's checks, each under a stable name: `status` (any 2xx when the
 * suite names none), then — only when the status passed, since a wrong status explains the
 * rest — `header <name> <op>`, `schema <ref>` and `body <path> <op>`. A check that needs JSON
 * fails with `body_parse` (or `body_too_large` for a cut body) when there is none.
 * A transport failure yields no outcomes: the caller records its error category instead.
 * Passing outcomes are bare (name, passed, category); failures carry expected/actual, a
 * message, a redacted body sample and the request line with a redacted URL.
 */
export function checkExchange(expect: Expect | undefined, exchange: Exchange, registry: SchemaRegistry, options: CheckOptions = {}): CheckOutcome[] {
  if (exchange.error !== undefined) return [];
  const ctx = new FailureContext(exchange, options.redactSecrets ?? []);
  const status = statusOutcome(expect, exchange, ctx);
  const out: CheckOutcome[] = [status];
  if (!status.passed || !expect) return out;
  if (expect.headers) headerOutcomes(expect.headers, exchange, ctx, out);
  if (expect.schema !== undefined) out.push(schemaOutcome(expect.schema, exchange, registry, ctx));
  if (expect.body) bodyOutcomes(expect.body, exchange, ctx, out);
  return out;
}
