import { isDeepStrictEqual } from 'node:util';
import type { Assertion } from '../suite/types.js';
import type { PathResult } from './path.js';

export interface AssertionResult {
  passed: boolean;
  expected: unknown;
  actual: unknown;
  /** Empty when the assertion passed. */
  message: string;
}

export type AssertionOp = 'equals' | 'exists' | 'matches' | 'oneOf';

const OPS: readonly AssertionOp[] = ['equals', 'exists', 'matches', 'oneOf'];
const REGEX_CACHE_LIMIT = 1_000;
const regexCache = new Map<string, RegExp | SyntaxError>();

/** The operators an assertion uses, in a fixed order; none written means `exists: true`. */
export function assertionOps(a: Assertion): AssertionOp[] {
  const ops = OPS.filter((op) => a[op] !== undefined);
  return ops.length === 0 ? ['exists'] : ops;
}

function regexFor(pattern: string): RegExp | SyntaxError {
  let re = regexCache.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(pattern);
    } catch (err) {
      re = err instanceof SyntaxError ? err : new SyntaxError(String(err));
    }
    if (regexCache.size >= REGEX_CACHE_LIMIT) regexCache.clear();
    regexCache.set(pattern, re);
  }
  return re;
}

/** A short rendering of a value for messages. */
function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function pass(expected: unknown, actual: unknown): AssertionResult {
  return { passed: true, expected, actual, message: '' };
}

function fail(expected: unknown, actual: unknown, message: string): AssertionResult {
  return { passed: false, expected, actual, message };
}

function evaluateOp(op: AssertionOp, a: Assertion, v: PathResult): AssertionResult {
  const actual = v.found ? v.value : undefined;
  switch (op) {
    case 'exists': {
      const want = a.exists ?? true;
      if (v.found === want) return pass(want, v.found);
      return fail(want, v.found, want ? `${a.path} is missing` : `${a.path} exists but should not (${show(actual)})`);
    }
    case 'equals':
      if (v.found && isDeepStrictEqual(actual, a.equals)) return pass(a.equals, actual);
      return fail(a.equals, actual, `${a.path} is ${v.found ? show(actual) : 'missing'}, expected ${show(a.equals)}`);
    case 'oneOf': {
      const options = a.oneOf ?? [];
      if (v.found && options.some((o) => isDeepStrictEqual(actual, o))) return pass(options, actual);
      return fail(options, actual, `${a.path} is ${v.found ? show(actual) : 'missing'}, expected one of ${show(options)}`);
    }
    case 'matches':
      return evaluateMatches(a.path, a.matches ?? '', v);
  }
}

function evaluateMatches(path: string, pattern: string, v: PathResult): AssertionResult {
  const re = regexFor(pattern);
  if (re instanceof SyntaxError) return fail(pattern, v.value, `invalid pattern /${pattern}/: ${re.message}`);
  const actual = v.found ? v.value : undefined;
  // Numbers and booleans are matched by their JSON text; objects never match.
  const text = typeof actual === 'string' ? actual : typeof actual === 'number' || typeof actual === 'boolean' ? String(actual) : undefined;
  if (text !== undefined && re.test(text)) return pass(pattern, actual);
  return fail(pattern, actual, `${path} is ${v.found ? show(actual) : 'missing'}, expected to match /${pattern}/`);
}

/**
 * Evaluates a rendered assertion (no templates left) against the value its path found.
 * `equals` and `oneOf` compare deeply; `matches` is an unanchored JavaScript RegExp without
 * flags; `exists` tests presence (a JSON `null` exists). Several operators must all hold; the
 * first failing one is reported.
 */
export function evaluateAssertion(a: Assertion, value: PathResult): AssertionResult {
  const ops = assertionOps(a);
  let result: AssertionResult | undefined;
  for (const op of ops) {
    result = evaluateOp(op, a, value);
    if (!result.passed) return result;
  }
  return result ?? evaluateOp('exists', a, value);
}
