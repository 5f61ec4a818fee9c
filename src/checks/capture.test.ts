import { describe, expect, it } from 'vitest';
import type { Exchange } from '../http/types.js';
import { extractCaptures } from './capture.js';

const exchange: Exchange = {
  method: 'POST', url: 'http://h/v1/agents/a/runs', status: 202,
  headers: { location: '/v1/runs/r1', 'x-request-id': '42' },
  bodyText: '', truncated: false, json: { runId: 'r1', items: [{ id: 7 }], output: null }, startedAtMs: 0, durationUs: 1,
};

describe('extractCaptures', () => {
  it('captures from body paths and headers, listing what is missing', () => {
    expect(extractCaptures({
      runId: { from: 'body', path: '/runId' },
      first: { from: 'body', path: '$.items[0].id' },
      output: { from: 'body', path: '/output' },
      loc: { from: 'header', name: 'Location' },
      nope: { from: 'body', path: '/missing' },
      hdr: { from: 'header', name: 'x-absent' },
    }, exchange)).toEqual({
      values: { runId: 'r1', first: 7, output: null, loc: '/v1/runs/r1' },
      missing: ['nope', 'hdr'],
    });
  });

  it('finds nothing in the body when it was not JSON', () => {
    expect(extractCaptures({ all: { from: 'body', path: '' } }, { ...exchange, json: undefined })).toEqual({ values: {}, missing: ['all'] });
  });
});
