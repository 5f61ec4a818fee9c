import { describe, expect, it } from 'vitest';
import { excerpt, headerSecrets, redactHeaders, redactText, redactUrl, urlSecrets } from './redact.js';

describe('redactHeaders', () => {
  it('redacts the sensitive headers case-insensitively and keeps the rest', () => {
    const out = redactHeaders(
      { 'X-API-Key': 'phk_a', authorization: 'Bearer t', Cookie: 'c', 'SET-COOKIE': 's', 'Proxy-Authorization': 'p', 'X-Tenant': 'x', Accept: 'a' },
      ['x-tenant'],
    );
    expect(out).toEqual({
      'X-API-Key': '[redacted]', authorization: '[redacted]', Cookie: '[redacted]', 'SET-COOKIE': '[redacted]',
      'Proxy-Authorization': '[redacted]', 'X-Tenant': '[redacted]', Accept: 'a',
    });
  });

  it('lists the secrets of a request, bearer tokens alone too', () => {
    expect(headerSecrets({ Authorization: 'Bearer tok_12345', 'x-api-key': 'k1234', accept: 'json' })).toEqual(['Bearer tok_12345', 'tok_12345', 'k1234']);
  });
});

describe('redactText', () => {
  it.each([
    ['key abcd1234 here and abcd1234', ['abcd1234'], 'key [redacted] here and [redacted]'],
    ['short abc stays', ['abc'], 'short abc stays'],
    ['{"key":"phk_live_AbC-123"}', [], '{"key":"[redacted]"}'],
    ['token pwt_xyz.abc=', [], 'token [redacted]'],
    ['nested secret-long and secret', ['secret', 'secret-long'], 'nested [redacted] and [redacted]'],
    ['no secrets', [], 'no secrets'],
  ])('%s', (text, secrets, expected) => {
    expect(redactText(text, secrets)).toBe(expected);
  });
});

describe('redactUrl', () => {
  it.each([
    ['https://bucket.s3.amazonaws.com/a/b.pdf?X-Amz-Credential=AK%2F1&X-Amz-Signature=abc&x-id=PutObject',
      'https://bucket.s3.amazonaws.com/a/b.pdf?X-Amz-Credential=[redacted]&X-Amz-Signature=[redacted]&x-id=PutObject'],
    ['http://h/up?sig=1&token=2&keep=3#frag', 'http://h/up?sig=[redacted]&token=[redacted]&keep=3'],
    ['http://user:pass@h/p', 'http://user:[redacted]@h/p'],
    ['/v1/runs/123', '/v1/runs/123'],
    ['http://h/p?api_key=phk_abcdef', 'http://h/p?api_key=[redacted]'],
    ['http://h/phk_abcdef/x', 'http://h/[redacted]/x'],
    ['http://h/p?flag&sig', 'http://h/p?flag&sig'],
  ])('%s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});

describe('excerpt', () => {
  it('keeps short text and cuts long text with a note', () => {
    expect(excerpt('abc', 5)).toBe('abc');
    expect(excerpt('abcdefgh', 5)).toBe('abcde… [3 more characters]');
    expect(excerpt('x'.repeat(3000))).toHaveLength(2048 + '… [952 more characters]'.length);
  });

  it('does not split a surrogate pair', () => {
    expect(excerpt('ab😀cd', 3)).toBe('ab… [4 more characters]');
  });
});

describe('urlSecrets', () => {
  it('lists signature-like parameter values (raw and decoded) and the userinfo password', () => {
    const url = 'https://u:pa%3Ass@store.test/o/k?X-Amz-Signature=abcd1234&exp=99999&sig=a%2Fb%2Bc%3D&x=1#frag';
    expect(urlSecrets(url).sort()).toEqual(['a%2Fb%2Bc%3D', 'a/b+c=', 'abcd1234', 'pa%3Ass', 'pa:ss'].sort());
  });

  it('ignores short values, bare names and URLs without credentials', () => {
    expect(urlSecrets('https://h/p?sig=ab&token&q=long-enough')).toEqual([]);
    expect(urlSecrets('https://h/p')).toEqual([]);
  });
});
