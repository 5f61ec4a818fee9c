import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration.js';
import { parseSize } from './size.js';
import { closeNames, didYouMean, editDistance } from './did-you-mean.js';

describe('parseDuration', () => {
  it.each([
    [250, 250],
    ['250', 250],
    ['250ms', 250],
    ['10s', 10_000],
    ['1.5m', 90_000],
    ['1h', 3_600_000],
    ['1m30s', 90_000],
    ['1h2m3s4ms', 3_723_004],
    [' 2s ', 2_000],
    [0, 0],
    ['0.5s', 500],
  ])('%j → %d ms', (input, ms) => {
    expect(parseDuration(input)).toBe(ms);
  });

  it.each([['10 seconds'], ['2x'], ['-5'], [-5], ['s'], [''], ['1.s'], [Number.NaN], [Number.POSITIVE_INFINITY], [null], [{}], ['1d']])(
    'rejects %j',
    (input) => {
      expect(parseDuration(input)).toBeUndefined();
    },
  );

  it('formats for humans', () => {
    expect([formatDuration(250), formatDuration(1500), formatDuration(90_000), formatDuration(7_200_000)]).toEqual(['250ms', '1.5s', '1.5m', '2h']);
  });
});

describe('parseSize', () => {
  it.each([
    [1024, 1024],
    ['512', 512],
    ['512B', 512],
    ['64KiB', 65_536],
    ['1MiB', 1_048_576],
    ['1 MiB', 1_048_576],
    ['2GiB', 2 * 1024 ** 3],
    ['10KB', 10_000],
    ['5MB', 5_000_000],
    ['1GB', 1_000_000_000],
    ['1.5KiB', 1536],
  ])('%j → %d bytes', (input, bytes) => {
    expect(parseSize(input)).toBe(bytes);
  });

  it.each([['64kib'], ['1 MiBs'], ['-1'], [-1], ['KiB'], [''], [true], ['1e3']])('rejects %j', (input) => {
    expect(parseSize(input)).toBeUndefined();
  });
});

describe('did you mean', () => {
  it('measures edit distance', () => {
    expect(editDistance('reqest', 'request')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('a', 'abcdefghijklmnop', 3)).toBe(4);
  });

  it('suggests close names only', () => {
    expect(didYouMean('reqest', ['request', 'poll', 'upload'])).toBe('did you mean "request"?');
    expect(closeNames('runid', ['runId', 'doc', 'agentId'])).toEqual(['runId']);
    expect(didYouMean('zzz', ['request', 'poll'])).toBeUndefined();
  });
});
