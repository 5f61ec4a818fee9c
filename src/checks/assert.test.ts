import { describe, expect, it } from 'vitest';
import type { Assertion } from '../suite/types.js';
import { assertionOps, evaluateAssertion } from './assert.js';

const loc = { file: 'suite.yaml', line: 1, col: 1 };
const found = (value: unknown) => ({ found: true, value });
const missing = { found: false };

function a(spec: Partial<Assertion>): Assertion {
  return { path: '/x', loc, ...spec };
}

describe('evaluateAssertion', () => {
  it.each([
    ['equals scalar', a({ equals: 'Completed' }), found('Completed'), true],
    ['equals other scalar', a({ equals: 'Completed' }), found('Running'), false],
    ['equals number vs string', a({ equals: 202 }), found('202'), false],
    ['equals deep object', a({ equals: { a: [1, { b: null }] } }), found({ a: [1, { b: null }] }), true],
    ['equals deep object differs', a({ equals: { a: [1, 2] } }), found({ a: [1, 3] }), false],
    ['equals missing', a({ equals: null }), missing, false],
    ['equals null present', a({ equals: null }), found(null), true],
    ['exists true', a({ exists: true }), found(0), true],
    ['exists true of null', a({ exists: true }), found(null), true],
    ['exists true missing', a({ exists: true }), missing, false],
    ['exists false missing', a({ exists: false }), missing, true],
    ['exists false present', a({ exists: false }), found('x'), false],
    ['no operator means exists', a({}), found(1), true],
    ['no operator missing', a({}), missing, false],
    ['matches string', a({ matches: '^engine\\.session\\.' }), found('engine.session.completed'), true],
    ['matches unanchored', a({ matches: 'session' }), found('engine.session.completed'), true],
    ['matches fails', a({ matches: '^run' }), found('engine.session'), false],
    ['matches number text', a({ matches: '^\\d+$' }), found(1234), true],
    ['matches object never', a({ matches: '.*' }), found({ a: 1 }), false],
    ['matches missing', a({ matches: '.*' }), missing, false],
    ['matches invalid pattern', a({ matches: '(' }), found('('), false],
    ['oneOf hit', a({ oneOf: ['Completed', 'Failed'] }), found('Failed'), true],
    ['oneOf miss', a({ oneOf: ['Completed', 'Failed'] }), found('Running'), false],
    ['oneOf deep', a({ oneOf: [{ a: 1 }, 2] }), found({ a: 1 }), true],
    ['several operators all hold', a({ exists: true, matches: '^C' }), found('Completed'), true],
    ['several operators one fails', a({ exists: true, oneOf: ['Failed'] }), found('Completed'), false],
  ])('%s', (_name, assertion, value, passed) => {
    const result = evaluateAssertion(assertion, value);
    expect(result.passed).toBe(passed);
    expect(result.message === '').toBe(passed);
  });

  it('reports expected and actual', () => {
    expect(evaluateAssertion(a({ path: '/status', oneOf: ['Completed'] }), found('Running'))).toEqual({
      passed: false,
      expected: ['Completed'],
      actual: 'Running',
      message: '/status is "Running", expected one of ["Completed"]',
    });
    expect(evaluateAssertion(a({ path: '/id', exists: true }), missing).message).toBe('/id is missing');
  });

  it('names operators in a fixed order', () => {
    expect(assertionOps(a({ matches: 'x', equals: 'x' }))).toEqual(['equals', 'matches']);
    expect(assertionOps(a({}))).toEqual(['exists']);
  });
});
