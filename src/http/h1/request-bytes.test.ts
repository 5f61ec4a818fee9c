import { describe, expect, it } from 'vitest';
import { H1Error } from './errors.js';
import { encodeRequest, type RequestParts } from './request-bytes.js';

function parts(overrides: Partial<RequestParts> = {}): RequestParts {
  return { method: 'GET', target: '/', host: 'api.example.test:8080', headers: {}, body: undefined, ...overrides };
}

/** The request as text; Latin-1 so every byte is one character. */
function text(overrides: Partial<RequestParts> = {}): string {
  return encodeRequest(parts(overrides)).bytes.toString('latin1');
}

/** The H1Error encoding throws; fails the test when it throws none. */
function encodeError(overrides: Partial<RequestParts>): H1Error {
  try {
    encodeRequest(parts(overrides));
  } catch (err) {
    if (err instanceof H1Error) return err;
    throw err;
  }
  throw new Error('the request was encoded');
}

describe('encodeRequest bytes', () => {
  it('GET without a body: request line, host first, headers as given, no content-length', () => {
    const encoded = encodeRequest(parts({ target: '/v1/runs?limit=5&x=%20', headers: { Accept: 'application/json', 'x-api-key': 'phk_live_abc' } }));
    expect(encoded.bytes.toString('latin1')).toBe(
      'GET /v1/runs?limit=5&x=%20 HTTP/1.1\r\nhost: api.example.test:8080\r\nAccept: application/json\r\nx-api-key: phk_live_abc\r\n\r\n',
    );
    expect(encoded).toMatchObject({ method: 'GET', head: false, close: false });
  });

  it('POST with a string body: content-length counts UTF-8 bytes, not UTF-16 units', () => {
    const body = 'héllo ✓ 𝄞';
    expect(body.length).toBe(10);
    const bytes = encodeRequest(parts({ method: 'POST', target: '/p', headers: { 'content-type': 'text/plain; charset=utf-8' }, body })).bytes;
    const head = 'POST /p HTTP/1.1\r\nhost: api.example.test:8080\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: 15\r\n\r\n';
    expect(bytes.equals(Buffer.concat([Buffer.from(head, 'latin1'), Buffer.from(body, 'utf8')]))).toBe(true);
    expect(Buffer.byteLength(body)).toBe(15);
  });

  it('a Uint8Array body is sent byte for byte, only its own view of a larger buffer', () => {
    const backing = new Uint8Array([9, 9, 0, 1, 13, 10, 255, 9]);
    const body = backing.subarray(2, 7);
    const bytes = encodeRequest(parts({ method: 'PUT', target: '/b', body })).bytes;
    const head = 'PUT /b HTTP/1.1\r\nhost: api.example.test:8080\r\ncontent-length: 5\r\n\r\n';
    expect(bytes.equals(Buffer.concat([Buffer.from(head, 'latin1'), Buffer.from([0, 1, 13, 10, 255])]))).toBe(true);
  });

  it.each(['POST', 'PUT', 'PATCH'])('%s without a body gets content-length: 0', (method) => {
    expect(text({ method })).toBe(`${method} / HTTP/1.1\r\nhost: api.example.test:8080\r\ncontent-length: 0\r\n\r\n`);
  });

  it.each(['GET', 'DELETE', 'OPTIONS'])('%s without a body gets no content-length', (method) => {
    expect(text({ method })).toBe(`${method} / HTTP/1.1\r\nhost: api.example.test:8080\r\n\r\n`);
  });

  it('an empty string body is a body of 0 bytes', () => {
    expect(text({ method: 'POST', body: '' })).toBe('POST / HTTP/1.1\r\nhost: api.example.test:8080\r\ncontent-length: 0\r\n\r\n');
    expect(text({ method: 'GET', body: '' })).toBe('GET / HTTP/1.1\r\nhost: api.example.test:8080\r\n\r\n');
  });

  it('a GET with a body says its length', () => {
    expect(text({ body: '{}' })).toBe('GET / HTTP/1.1\r\nhost: api.example.test:8080\r\ncontent-length: 2\r\n\r\n{}');
  });

  it('HEAD requests are marked as such (their responses have no body)', () => {
    expect(encodeRequest(parts({ method: 'HEAD' })).head).toBe(true);
    expect(encodeRequest(parts({ method: 'head' })).head).toBe(false);
  });

  it('a Host header given by the caller replaces the one from the URL, whatever its case', () => {
    expect(text({ headers: { Host: 'virtual.test' } })).toBe('GET / HTTP/1.1\r\nHost: virtual.test\r\n\r\n');
    expect(text({ headers: { 'x-a': '1', host: 'v.test' } })).toBe('GET / HTTP/1.1\r\nx-a: 1\r\nhost: v.test\r\n\r\n');
  });

  it('a caller content-length that matches the body is kept as given, and not added twice', () => {
    expect(text({ method: 'POST', headers: { 'Content-Length': '5' }, body: 'hello' })).toBe(
      'POST / HTTP/1.1\r\nhost: api.example.test:8080\r\nContent-Length: 5\r\n\r\nhello',
    );
    expect(text({ method: 'POST', headers: { 'content-length': '0' } })).toBe('POST / HTTP/1.1\r\nhost: api.example.test:8080\r\ncontent-length: 0\r\n\r\n');
  });

  it.each([
    { length: '4', body: 'hello' },
    { length: '6', body: 'hello' },
    { length: '5', body: 'héllo' },
    { length: '5', body: undefined },
    { length: 'five', body: 'hello' },
    { length: '5, 5', body: 'hello' },
  ])('a caller content-length of "$length" for body $body is INVALID_REQUEST', ({ length, body }) => {
    expect(encodeError({ method: 'POST', headers: { 'content-length': length }, body }).code).toBe('INVALID_REQUEST');
  });

  it('connection: close marks the request so its connection is not reused', () => {
    const encoded = encodeRequest(parts({ headers: { Connection: 'Close' } }));
    expect(encoded.close).toBe(true);
    expect(encoded.bytes.toString('latin1')).toBe('GET / HTTP/1.1\r\nhost: api.example.test:8080\r\nConnection: Close\r\n\r\n');
    expect(encodeRequest(parts({ headers: { connection: 'keep-alive' } })).close).toBe(false);
  });

  it('connection other than close or keep-alive is INVALID_REQUEST', () => {
    expect(encodeError({ headers: { connection: 'upgrade' } }).code).toBe('INVALID_REQUEST');
  });

  it('Latin-1 header values are sent as one byte per character', () => {
    const bytes = encodeRequest(parts({ headers: { 'x-name': 'café\xa0' } })).bytes;
    expect(bytes.includes(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0xa0, 0x0d, 0x0a]))).toBe(true);
  });
});

describe('encodeRequest refuses what it cannot send as is', () => {
  it.each(['transfer-encoding', 'Transfer-Encoding', 'upgrade', 'keep-alive', 'Expect', 'te', 'TRAILER'])('forbidden header %s is INVALID_REQUEST', (name) => {
    const error = encodeError({ method: 'POST', headers: { [name]: name.toLowerCase() === 'expect' ? '100-continue' : 'chunked' }, body: 'x' });
    expect(error.code).toBe('INVALID_REQUEST');
  });

  it.each([
    ['CR LF', 'phk_secret\r\nx: y'],
    ['LF', 'phk_secret\nx: y'],
    ['CR', 'phk_secret\rx: y'],
    ['NUL', 'phk_secret\0'],
    ['another control character', 'phk_secret\x1b'],
    ['DEL', 'phk_secret\x7f'],
  ])('%s in a header value is INVALID_REQUEST, and the error never quotes the value', (_label, value) => {
    const error = encodeError({ headers: { 'x-api-key': value } });
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.message).not.toContain('phk_secret');
    expect(String(error.stack)).not.toContain('phk_secret');
  });

  it.each(['bad name', 'x:y', '', 'na\u00efve', 'a\r\nb', 'x(y)', 'x/y'])('header name %j is not a token: INVALID_REQUEST', (name) => {
    expect(encodeError({ headers: { [name]: 'v' } }).code).toBe('INVALID_REQUEST');
  });

  it.each([
    ['a character beyond Latin-1', 'caf\u0113'],
    ['an emoji', 'ok 👍'],
    ['a line separator', 'a\u2028b'],
  ])('%s in a value is INVALID_REQUEST', (_label, value) => {
    expect(encodeError({ headers: { 'x-v': value } }).code).toBe('INVALID_REQUEST');
  });

  it.each(['GET /', 'G\r\nET', '', 'GÉT', 'GET\t', 'PO ST'])('method %j is not a token: INVALID_REQUEST', (method) => {
    expect(encodeError({ method }).code).toBe('INVALID_REQUEST');
  });

  it('any token is a method, sent as given', () => {
    expect(text({ method: 'PROPFIND' }).startsWith('PROPFIND / HTTP/1.1\r\n')).toBe(true);
  });

  it.each(['', '/a b', '/a\r\nx: y', '/caf\u00e9'])('target %j that a URL parser would have encoded is INVALID_REQUEST', (target) => {
    expect(encodeError({ target }).code).toBe('INVALID_REQUEST');
  });
});
