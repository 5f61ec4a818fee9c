import { describe, expect, it } from 'vitest';
import { joinUrl } from './url.js';

describe('joinUrl', () => {
  it.each([
    ['https://api.phrony.com', '/v1/runs/1', undefined, 'https://api.phrony.com/v1/runs/1'],
    ['https://api.phrony.com/', 'v1/runs/1', undefined, 'https://api.phrony.com/v1/runs/1'],
    ['https://host/prefix', '/v1/runs', undefined, 'https://host/prefix/v1/runs'],
    ['https://host/prefix/', '/v1/runs', undefined, 'https://host/prefix/v1/runs'],
    ['https://host', 'https://bucket.s3/x?sig=1', undefined, 'https://bucket.s3/x?sig=1'],
    ['https://host', '/v1/s', { take: 10, skip: 0 }, 'https://host/v1/s?take=10&skip=0'],
    ['https://host', '/v1/s?a=1', { b: 'x y', c: null }, 'https://host/v1/s?a=1&b=x+y'],
    ['https://host', '/v1/s', { id: ['a', 'b'] }, 'https://host/v1/s?id=a&id=b'],
    ['https://host', '/v1/s', { f: { a: 1 } }, 'https://host/v1/s?f=%7B%22a%22%3A1%7D'],
    ['https://host', '/v1/s', {}, 'https://host/v1/s'],
    ['https://host/base', '', undefined, 'https://host/base'],
  ])('%s + %s', (base, path, query, expected) => {
    expect(joinUrl(base, path, query)).toBe(expected);
  });
});
