import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { H1Error, type H1ErrorCode } from './errors.js';
import { MAX_HEAD_BYTES, ResponseParser, type ResponseSink } from './response-parser.js';

/** Collects one response; body bytes are copied, since the parser's buffer is only valid during the call. */
class Capture implements ResponseSink {
  heads: Array<{ status: number; headers: Record<string, string> }> = [];
  private chunks: Buffer[] = [];

  onHead(status: number, headers: Record<string, string>): void {
    this.heads.push({ status, headers });
  }

  onBody(buf: Buffer, start: number, end: number): void {
    this.chunks.push(Buffer.from(buf.subarray(start, end)));
  }

  get body(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/** What a parse produced, in one comparable value. */
interface Outcome {
  heads: Array<{ status: number; headers: Record<string, string> }>;
  body: string;
  done: boolean;
  keepAlive: boolean;
  keepAliveHint: number | undefined;
  /** Bytes execute() said belong to the response. */
  used: number;
}

interface ParseOptions {
  /** The request was HEAD. */
  head?: boolean;
  /** Call finish() after the bytes, as a connection does at its close. */
  finish?: boolean;
}

function bytesOf(response: string | Buffer): Buffer {
  return typeof response === 'string' ? Buffer.from(response, 'latin1') : response;
}

function outcome(parser: ResponseParser, sink: Capture, used: number): Outcome {
  return {
    heads: sink.heads,
    body: sink.body.toString('latin1'),
    done: parser.done,
    keepAlive: parser.keepAlive,
    keepAliveHint: parser.keepAliveHint,
    used,
  };
}

/** Feeds the whole response in one execute() call. */
function parse(response: string | Buffer, options: ParseOptions = {}): Outcome {
  const parser = new ResponseParser();
  const sink = new Capture();
  parser.reset(sink, options.head === true);
  const buf = bytesOf(response);
  const used = parser.execute(buf, 0, buf.length);
  if (options.finish === true) parser.finish();
  return outcome(parser, sink, used);
}

/**
 * Stale bytes left behind a piece in the scratch buffer: everything a parser that looked past
 * `end` would trip over (a head terminator, a line feed, a last chunk, a status line).
 */
const JUNK = '\r\n\r\n0\r\n\r\nHTTP/1.1 500 Stale\r\ncontent-length: 1\r\n\r\nX\n';
const SCRATCH_BYTES = 64 * 1024;

/**
 * Copies each piece of `bytes` into ONE reused scratch buffer (overwritten every time, junk
 * after the piece), as the connection's shared onread buffer does, and feeds it from offset 0.
 */
function feedPieces(parser: ResponseParser, bytes: Buffer, sizes: readonly number[], scratch: Buffer): number {
  let used = 0;
  let offset = 0;
  for (let i = 0; offset < bytes.length; i += 1) {
    const size = Math.min(sizes.length === 0 ? bytes.length : (sizes[i % sizes.length] ?? 1), bytes.length - offset, scratch.length);
    bytes.copy(scratch, 0, offset, offset + size);
    scratch.fill(JUNK, size, scratch.length, 'latin1');
    const n = parser.execute(scratch, 0, size);
    used += n;
    offset += size;
    if (n < size || parser.done) break;
  }
  return used;
}

function parseInPieces(response: string | Buffer, sizes: readonly number[], options: ParseOptions = {}): Outcome {
  const parser = new ResponseParser();
  const sink = new Capture();
  parser.reset(sink, options.head === true);
  const used = feedPieces(parser, bytesOf(response), sizes, Buffer.alloc(SCRATCH_BYTES));
  if (options.finish === true) parser.finish();
  return outcome(parser, sink, used);
}

/** The H1Error a parse throws; fails the test when it throws none (or something else). */
function parseError(run: () => unknown): H1Error {
  try {
    run();
  } catch (err) {
    if (err instanceof H1Error) return err;
    throw err;
  }
  throw new Error('the parser accepted the response');
}

const OK_HEAD = 'HTTP/1.1 200 OK\r\n';

describe('ResponseParser framing', () => {
  interface FramingCase {
    name: string;
    response: string;
    head?: boolean;
    finish?: boolean;
    status: number;
    body: string;
    done: boolean;
    keepAlive: boolean;
    /** Bytes that belong to the response; default: all of them. */
    used?: number;
  }

  const chunkedHead = `${OK_HEAD}Transfer-Encoding: chunked\r\n\r\n`;
  const cases: FramingCase[] = [
    { name: 'content-length', response: `${OK_HEAD}Content-Length: 5\r\n\r\nhello`, status: 200, body: 'hello', done: true, keepAlive: true },
    { name: 'content-length 0', response: `${OK_HEAD}Content-Length: 0\r\n\r\n`, status: 200, body: '', done: true, keepAlive: true },
    { name: 'content-length list of equal values "5, 5"', response: `${OK_HEAD}Content-Length: 5, 5\r\n\r\nhello`, status: 200, body: 'hello', done: true, keepAlive: true },
    { name: 'content-length repeated as equal headers', response: `${OK_HEAD}Content-Length: 5\r\ncontent-length: 5\r\n\r\nhello`, status: 200, body: 'hello', done: true, keepAlive: true },
    { name: 'content-length with OWS around it', response: `${OK_HEAD}Content-Length: \t5 \r\n\r\nhello`, status: 200, body: 'hello', done: true, keepAlive: true },
    {
      name: 'chunked with extensions and trailers',
      response: `${chunkedHead}5\r\nhello\r\n6;ext=1;name="v"\r\n world\r\nA ; x\r\n0123456789\r\n0;last\r\nx-trailer: t\r\nx-other: u\r\n\r\n`,
      status: 200, body: 'hello world0123456789', done: true, keepAlive: true,
    },
    { name: 'chunked with upper- and lower-case hex sizes', response: `${chunkedHead}a\r\n0123456789\r\nB\r\nabcdefghijk\r\n0\r\n\r\n`, status: 200, body: '0123456789abcdefghijk', done: true, keepAlive: true },
    { name: 'chunked data holding CR LF bytes', response: `${chunkedHead}4\r\n\r\n\r\n\r\n0\r\n\r\n`, status: 200, body: '\r\n\r\n', done: true, keepAlive: true },
    { name: 'chunked with no data chunks', response: `${chunkedHead}0\r\n\r\n`, status: 200, body: '', done: true, keepAlive: true },
    { name: 'transfer-encoding "Chunked" (case-insensitive)', response: `${OK_HEAD}Transfer-Encoding: Chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n`, status: 200, body: 'ok', done: true, keepAlive: true },
    { name: 'transfer-encoding "gzip, chunked" ends in chunked', response: `${OK_HEAD}Transfer-Encoding: gzip, chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n`, status: 200, body: 'ok', done: true, keepAlive: true },
    {
      name: 'chunked beside content-length: chunked wins, connection not reused',
      response: `${OK_HEAD}Content-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n`,
      status: 200, body: 'ok', done: true, keepAlive: false,
    },
    {
      name: 'transfer-encoding not ending in chunked is close-delimited',
      response: `${OK_HEAD}Transfer-Encoding: chunked, gzip\r\n\r\n2\r\nok\r\n0\r\n\r\n`,
      status: 200, body: '2\r\nok\r\n0\r\n\r\n', done: false, keepAlive: false,
    },
    {
      name: 'transfer-encoding not ending in chunked completes at finish()',
      response: `${OK_HEAD}Transfer-Encoding: gzip\r\n\r\nzipped`, finish: true,
      status: 200, body: 'zipped', done: true, keepAlive: false,
    },
    { name: 'no length: close-delimited, not done before the close', response: `${OK_HEAD}\r\nuntil the end`, status: 200, body: 'until the end', done: false, keepAlive: false },
    { name: 'no length: complete at finish()', response: `${OK_HEAD}Content-Type: text/plain\r\n\r\nuntil the end`, finish: true, status: 200, body: 'until the end', done: true, keepAlive: false },
    { name: 'no length and no body bytes: empty at finish()', response: `${OK_HEAD}\r\n`, finish: true, status: 200, body: '', done: true, keepAlive: false },
    { name: 'HEAD: content-length describes no body', response: `${OK_HEAD}Content-Length: 5\r\n\r\n`, head: true, status: 200, body: '', done: true, keepAlive: true },
    { name: 'HEAD: chunked describes no body', response: `${chunkedHead}`, head: true, status: 200, body: '', done: true, keepAlive: true },
    {
      name: 'HEAD: bytes after the head are not the response\'s',
      response: `${OK_HEAD}Content-Length: 5\r\n\r\nhello`, head: true,
      status: 200, body: '', done: true, keepAlive: true, used: `${OK_HEAD}Content-Length: 5\r\n\r\n`.length,
    },
    { name: '204 has no body', response: 'HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n', status: 204, body: '', done: true, keepAlive: true },
    { name: '304 has no body even when chunked', response: 'HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\nETag: "x"\r\n\r\n', status: 304, body: '', done: true, keepAlive: true },
    {
      name: '100-continue before the final head is skipped',
      response: `HTTP/1.1 100 Continue\r\n\r\n${OK_HEAD}Content-Length: 2\r\n\r\nok`,
      status: 200, body: 'ok', done: true, keepAlive: true,
    },
    {
      name: '103 early hints (twice) before the final head are skipped',
      response: `HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </b.js>\r\n\r\n${OK_HEAD}Content-Length: 2\r\n\r\nok`,
      status: 200, body: 'ok', done: true, keepAlive: true,
    },
    {
      name: '101 switching protocols is final, body-less and ends the connection\'s HTTP use',
      response: 'HTTP/1.1 101 Switching Protocols\r\nConnection: upgrade\r\nUpgrade: websocket\r\n\r\n\x81\x05hello',
      status: 101, body: '', done: true, keepAlive: false, used: 'HTTP/1.1 101 Switching Protocols\r\nConnection: upgrade\r\nUpgrade: websocket\r\n\r\n'.length,
    },
    { name: 'HTTP/1.0 without keep-alive is not reused', response: 'HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok', status: 200, body: 'ok', done: true, keepAlive: false },
    { name: 'HTTP/1.0 with Connection: keep-alive is reused', response: 'HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 2\r\n\r\nok', status: 200, body: 'ok', done: true, keepAlive: true },
    { name: 'HTTP/1.0 keep-alive without a length is close-delimited', response: 'HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n\r\nok', finish: true, status: 200, body: 'ok', done: true, keepAlive: false },
    {
      // RFC 9112 §6.1: Transfer-Encoding in HTTP/1.0 is faulty framing; close after the message.
      name: 'HTTP/1.0 keep-alive with chunked is read as chunked but not reused',
      response: 'HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n',
      status: 200, body: 'ok', done: true, keepAlive: false,
    },
    { name: 'Connection: close', response: `${OK_HEAD}Connection: close\r\nContent-Length: 2\r\n\r\nok`, status: 200, body: 'ok', done: true, keepAlive: false },
    { name: 'Connection: close among other tokens', response: `${OK_HEAD}Connection: keep-alive, Close\r\nContent-Length: 2\r\n\r\nok`, status: 200, body: 'ok', done: true, keepAlive: false },
    { name: 'Connection: closed is not close', response: `${OK_HEAD}Connection: closed\r\nContent-Length: 2\r\n\r\nok`, status: 200, body: 'ok', done: true, keepAlive: true },
    { name: 'status line without a reason phrase', response: 'HTTP/1.1 200\r\nContent-Length: 2\r\n\r\nok', status: 200, body: 'ok', done: true, keepAlive: true },
    { name: 'status line with an empty reason phrase', response: 'HTTP/1.1 404 \r\nContent-Length: 0\r\n\r\n', status: 404, body: '', done: true, keepAlive: true },
    {
      name: 'a second response after the first is not consumed',
      response: `${OK_HEAD}Content-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n`,
      status: 200, body: 'ok', done: true, keepAlive: true, used: `${OK_HEAD}Content-Length: 2\r\n\r\nok`.length,
    },
  ];

  it.each(cases)('$name', (c) => {
    const whole = parse(c.response, { head: c.head === true, finish: c.finish === true });
    expect(whole.heads.map((h) => h.status)).toEqual([c.status]);
    expect(whole.body).toBe(c.body);
    expect(whole.done).toBe(c.done);
    expect(whole.keepAlive).toBe(c.keepAlive);
    expect(whole.used).toBe(c.used ?? c.response.length);
    // The same bytes one at a time through the reused scratch buffer give the same result.
    expect(parseInPieces(c.response, [1], { head: c.head === true, finish: c.finish === true })).toEqual(whole);
  });

  it('finish() completes nothing but a close-delimited body', () => {
    const parser = new ResponseParser();
    const sink = new Capture();
    parser.reset(sink, false);
    const partial = Buffer.from(`${OK_HEAD}Content-Length: 5\r\n\r\nhel`, 'latin1');
    parser.execute(partial, 0, partial.length);
    expect(parser.finish()).toBe(false);
    expect(parser.done).toBe(false);

    parser.reset(sink, false);
    const close = Buffer.from(`${OK_HEAD}\r\nbody`, 'latin1');
    parser.execute(close, 0, close.length);
    expect(parser.finish()).toBe(true);
    expect(parser.done).toBe(true);
  });

  it('reads the Keep-Alive timeout hint in ms; a later response without one clears it', () => {
    expect(parse(`${OK_HEAD}Keep-Alive: timeout=5, max=100\r\nContent-Length: 0\r\n\r\n`).keepAliveHint).toBe(5000);
    expect(parse(`${OK_HEAD}Keep-Alive: max=100,timeout=2\r\nContent-Length: 0\r\n\r\n`).keepAliveHint).toBe(2000);
    expect(parse(`${OK_HEAD}Keep-Alive: max=100\r\nContent-Length: 0\r\n\r\n`).keepAliveHint).toBeUndefined();
    expect(parse(`${OK_HEAD}Content-Length: 0\r\n\r\n`).keepAliveHint).toBeUndefined();

    // One parser per connection: a response without the header clears the hint of the one before.
    const parser = new ResponseParser();
    const sink = new Capture();
    for (const [response, hint] of [[`${OK_HEAD}Keep-Alive: timeout=3\r\nContent-Length: 0\r\n\r\n`, 3000], [`${OK_HEAD}Content-Length: 0\r\n\r\n`, undefined]] as const) {
      parser.reset(sink, false);
      const buf = Buffer.from(response, 'latin1');
      parser.execute(buf, 0, buf.length);
      expect(parser.keepAliveHint).toBe(hint);
    }
  });

  it('marks seenBytes at the first byte and clears it on reset', () => {
    const parser = new ResponseParser();
    parser.reset(new Capture(), false);
    expect(parser.seenBytes).toBe(false);
    parser.execute(Buffer.from('H'), 0, 0);
    expect(parser.seenBytes).toBe(false);
    parser.execute(Buffer.from('H'), 0, 1);
    expect(parser.seenBytes).toBe(true);
    parser.reset(new Capture(), false);
    expect(parser.seenBytes).toBe(false);
  });

  it('a done parser consumes nothing more until it is reset', () => {
    const parser = new ResponseParser();
    const first = new Capture();
    parser.reset(first, false);
    const buf = Buffer.from(`${OK_HEAD}Content-Length: 1\r\n\r\na${OK_HEAD}Content-Length: 1\r\n\r\nb`, 'latin1');
    const used = parser.execute(buf, 0, buf.length);
    expect(parser.execute(buf, used, buf.length)).toBe(0);
    const second = new Capture();
    parser.reset(second, false);
    expect(parser.execute(buf, used, buf.length)).toBe(buf.length - used);
    expect([first.body.toString(), second.body.toString()]).toEqual(['a', 'b']);
  });
});

describe('ResponseParser headers', () => {
  function headersOf(lines: string): Record<string, string> {
    const result = parse(`${OK_HEAD}${lines}Content-Length: 0\r\n\r\n`);
    const head = result.heads[0];
    if (head === undefined) throw new Error('no head');
    return head.headers;
  }

  it('joins repeated headers with ", " in order', () => {
    const headers = headersOf('Set-Cookie: a=1\r\nX-A: 1\r\nset-cookie: b=2\r\nSET-COOKIE: c=3\r\n');
    expect(headers['set-cookie']).toBe('a=1, b=2, c=3');
    expect(headers['x-a']).toBe('1');
  });

  it('lower-cases header names', () => {
    const headers = headersOf('Content-Type: text/plain\r\nX-Request-ID: abc\r\n');
    expect(Object.keys(headers)).toEqual(['content-type', 'x-request-id', 'content-length']);
    expect(headers['content-type']).toBe('text/plain');
  });

  it('trims spaces and tabs around a value but keeps NBSP and inner whitespace', () => {
    const headers = headersOf('X-Ows: \t a \t b \t\r\nX-Nbsp:\xa0v\xa0\r\nX-Empty:\r\nX-Blank:  \t \r\nX-Colon: http://h:1/p\r\nX-Obs: caf\xe9\r\n');
    expect(headers['x-ows']).toBe('a \t b');
    expect(headers['x-nbsp']).toBe('\u00a0v\u00a0');
    expect(headers['x-empty']).toBe('');
    expect(headers['x-blank']).toBe('');
    expect(headers['x-colon']).toBe('http://h:1/p');
    expect(headers['x-obs']).toBe('caf\u00e9');
  });

  it('keeps a header named __proto__ as a plain own value, without touching the prototype', () => {
    const headers = headersOf('__proto__: {"polluted":true}\r\n__PROTO__: again\r\n');
    expect(Object.getPrototypeOf(headers)).toBe(Object.prototype);
    expect(Object.keys(headers)).toContain('__proto__');
    expect(Object.getOwnPropertyDescriptor(headers, '__proto__')?.value).toBe('{"polluted":true}, again');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('keeps headers named like Object.prototype members (constructor, toString) as strings', () => {
    const headers = headersOf('Constructor: c1\r\nconstructor: c2\r\ntoString: t\r\nhasOwnProperty: h\r\n');
    expect(headers['constructor']).toBe('c1, c2');
    expect(headers['tostring']).toBe('t');
    expect(headers['hasownproperty']).toBe('h');
    expect(Object.hasOwn(headers, 'constructor')).toBe(true);
  });

  it('gives the final head\'s headers, not those of an interim 1xx', () => {
    const result = parse(`HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n${OK_HEAD}X-Final: 1\r\nContent-Length: 0\r\n\r\n`);
    expect(result.heads).toEqual([{ status: 200, headers: { 'x-final': '1', 'content-length': '0' } }]);
  });
});

describe('ResponseParser rejects invalid responses', () => {
  interface InvalidCase {
    name: string;
    response: string | Buffer;
    code: H1ErrorCode;
  }

  const bigHead = (bytes: number): string => {
    // Status line + one filler header + the terminator, `bytes` long in all.
    const fixed = `${OK_HEAD}x-fill: \r\n\r\n`.length;
    return `${OK_HEAD}x-fill: ${'a'.repeat(bytes - fixed)}\r\n\r\n`;
  };
  const chunked = (body: string): string => `${OK_HEAD}Transfer-Encoding: chunked\r\n\r\n${body}`;

  const cases: InvalidCase[] = [
    { name: 'not HTTP at all', response: 'SSH-2.0-OpenSSH_9.6\r\n\r\n', code: 'INVALID_RESPONSE' },
    { name: 'an HTML page instead of a status line', response: '<html><body>hi</body></html>\r\n\r\n', code: 'INVALID_RESPONSE' },
    { name: 'HTTP/2 status line', response: 'HTTP/2 200\r\n\r\n', code: 'INVALID_RESPONSE' },
    { name: 'HTTP/1.2', response: 'HTTP/1.2 200 OK\r\n\r\n', code: 'INVALID_RESPONSE' },
    { name: 'lower-case protocol name', response: 'http/1.1 200 OK\r\n\r\n', code: 'INVALID_RESPONSE' },
    { name: 'status line too short', response: 'HTTP/1.1 20\r\n\r\n', code: 'INVALID_RESPONSE' },
    { name: 'non-digit status', response: 'HTTP/1.1 2x0 OK\r\n\r\n', code: 'INVALID_RESPONSE' },
    { name: 'status below 100', response: 'HTTP/1.1 099 Low\r\n\r\n', code: 'INVALID_RESPONSE' },
    { name: 'four-digit status', response: 'HTTP/1.1 2000 OK\r\n\r\n', code: 'INVALID_RESPONSE' },
    { name: 'status glued to the reason', response: 'HTTP/1.1 200OK\r\n\r\n', code: 'INVALID_RESPONSE' },
    { name: 'two spaces before the status', response: 'HTTP/1.1  200 OK\r\n\r\n', code: 'INVALID_RESPONSE' },
    { name: 'space before the colon', response: `${OK_HEAD}Content-Length : 5\r\n\r\nhello`, code: 'INVALID_RESPONSE' },
    { name: 'obs-fold continuation line', response: `${OK_HEAD}X-A: 1\r\n  continued\r\nContent-Length: 0\r\n\r\n`, code: 'INVALID_RESPONSE' },
    { name: 'obs-fold with a tab', response: `${OK_HEAD}X-A: 1\r\n\tcontinued\r\nContent-Length: 0\r\n\r\n`, code: 'INVALID_RESPONSE' },
    { name: 'control character in a value', response: `${OK_HEAD}X-A: a\x01b\r\nContent-Length: 0\r\n\r\n`, code: 'INVALID_RESPONSE' },
    { name: 'NUL in a value', response: `${OK_HEAD}X-A: a\x00b\r\nContent-Length: 0\r\n\r\n`, code: 'INVALID_RESPONSE' },
    { name: 'DEL in a value', response: `${OK_HEAD}X-A: a\x7fb\r\nContent-Length: 0\r\n\r\n`, code: 'INVALID_RESPONSE' },
    { name: 'bare CR in a value', response: `${OK_HEAD}X-A: a\rb\r\nContent-Length: 0\r\n\r\n`, code: 'INVALID_RESPONSE' },
    { name: 'bare LF in a value (a hidden header)', response: `${OK_HEAD}X-A: a\nContent-Length: 5\r\nContent-Length: 0\r\n\r\n`, code: 'INVALID_RESPONSE' },
    { name: 'a header line without a colon', response: `${OK_HEAD}justaname\r\nContent-Length: 0\r\n\r\n`, code: 'INVALID_RESPONSE' },
    { name: 'an empty header name', response: `${OK_HEAD}: value\r\nContent-Length: 0\r\n\r\n`, code: 'INVALID_RESPONSE' },
    { name: 'a header name that is not a token', response: `${OK_HEAD}X(A): 1\r\nContent-Length: 0\r\n\r\n`, code: 'INVALID_RESPONSE' },
    { name: 'content-length not a number', response: `${OK_HEAD}Content-Length: abc\r\n\r\n`, code: 'INVALID_RESPONSE' },
    { name: 'negative content-length', response: `${OK_HEAD}Content-Length: -1\r\n\r\n`, code: 'INVALID_RESPONSE' },
    { name: 'content-length with a sign', response: `${OK_HEAD}Content-Length: +5\r\n\r\nhello`, code: 'INVALID_RESPONSE' },
    { name: 'empty content-length', response: `${OK_HEAD}Content-Length:\r\n\r\n`, code: 'INVALID_RESPONSE' },
    { name: 'content-length of two numbers without a comma', response: `${OK_HEAD}Content-Length: 5 5\r\n\r\nhello`, code: 'INVALID_RESPONSE' },
    { name: 'conflicting content-length list "5, 6"', response: `${OK_HEAD}Content-Length: 5, 6\r\n\r\nhello!`, code: 'INVALID_RESPONSE' },
    { name: 'conflicting repeated content-length headers', response: `${OK_HEAD}Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!`, code: 'INVALID_RESPONSE' },
    { name: 'content-length list with an empty member', response: `${OK_HEAD}Content-Length: 5,,5\r\n\r\nhello`, code: 'INVALID_RESPONSE' },
    { name: 'chunk size not hex', response: chunked('zz\r\n'), code: 'INVALID_RESPONSE' },
    { name: 'negative chunk size', response: chunked('-1\r\n'), code: 'INVALID_RESPONSE' },
    { name: 'empty chunk size', response: chunked('\r\n'), code: 'INVALID_RESPONSE' },
    { name: 'chunk size with 0x prefix', response: chunked('0x5\r\nhello\r\n0\r\n\r\n'), code: 'INVALID_RESPONSE' },
    { name: 'chunk size of 13 hex digits', response: chunked('1000000000000\r\n'), code: 'INVALID_RESPONSE' },
    { name: 'chunk-size line ending in a bare LF', response: chunked('5\nhello\r\n0\r\n\r\n'), code: 'INVALID_RESPONSE' },
    { name: 'chunk data longer than its size (no CRLF after it)', response: chunked('5\r\nhelloX\r\n0\r\n\r\n'), code: 'INVALID_RESPONSE' },
    { name: 'chunk data followed by a bare LF', response: chunked('5\r\nhello\n0\r\n\r\n'), code: 'INVALID_RESPONSE' },
    { name: 'chunk data followed by CR and no LF', response: chunked('5\r\nhello\rX0\r\n\r\n'), code: 'INVALID_RESPONSE' },
    { name: 'trailer line ending in a bare LF', response: chunked('0\r\nx-t: 1\n\r\n'), code: 'INVALID_RESPONSE' },
    { name: 'oversized chunk-size line (a 20 KiB extension)', response: chunked(`5;${'e'.repeat(20 * 1024)}\r\nhello\r\n0\r\n\r\n`), code: 'INVALID_RESPONSE' },
    { name: 'oversized chunk-size line that never ends', response: chunked('5'.repeat(17 * 1024)), code: 'INVALID_RESPONSE' },
    { name: 'head over 64 KiB, terminated', response: bigHead(MAX_HEAD_BYTES + 1), code: 'HEADERS_TOO_LARGE' },
    { name: 'head over 64 KiB, never terminated', response: `${OK_HEAD}x-fill: ${'a'.repeat(MAX_HEAD_BYTES)}`, code: 'HEADERS_TOO_LARGE' },
    { name: 'interim head over 64 KiB', response: `HTTP/1.1 103 Early Hints\r\nx-fill: ${'a'.repeat(MAX_HEAD_BYTES)}\r\n\r\n${OK_HEAD}Content-Length: 0\r\n\r\n`, code: 'HEADERS_TOO_LARGE' },
  ];

  it.each(cases)('$name: $code in one read', (c) => {
    const error = parseError(() => parse(c.response));
    expect(error.code).toBe(c.code);
  });

  it.each(cases)('$name: $code in small reads', (c) => {
    // Heads near 64 KiB are fed in 509-byte pieces (1-byte pieces would copy the partial head 64 Ki times).
    const size = bytesOf(c.response).length > 8 * 1024 ? [509] : [1];
    const error = parseError(() => parseInPieces(c.response, size));
    expect(error.code).toBe(c.code);
  });

  it('accepts a head of exactly 64 KiB and rejects one byte more, whole or in pieces', () => {
    for (const sizes of [[], [1000], [MAX_HEAD_BYTES - 2, 1, 1]]) {
      const exact = `${bigHead(MAX_HEAD_BYTES)}`;
      expect(exact.length).toBe(MAX_HEAD_BYTES);
      const ok = parseInPieces(`${exact}`, sizes, { finish: true });
      expect(ok.heads.map((h) => h.status)).toEqual([200]);
      expect(parseError(() => parseInPieces(bigHead(MAX_HEAD_BYTES + 1), sizes)).code).toBe('HEADERS_TOO_LARGE');
    }
  });

  it('the error message quotes no header value', () => {
    const error = parseError(() => parse(`${OK_HEAD}X-Api-Key: phk_secret\x01\r\n\r\n`));
    expect(error.message).not.toContain('phk_secret');
  });
});

describe('ResponseParser in pieces (property)', () => {
  const TOKEN_CHARS = [...'abcdefghijklmnopqrstuvwxyzABCDEFXYZ0123456789-_!#$%&\'*+.^`|~'];
  /** Headers whose names would change framing or reuse; the generator sets those itself. */
  const FRAMING = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive']);
  const VALUE_CHARS = [...'aZ09:;"/=,()\xa0\x80\xff~! \t'];

  const headerName = fc.string({ unit: fc.constantFrom(...TOKEN_CHARS), minLength: 1, maxLength: 10 }).filter((n) => !FRAMING.has(n.toLowerCase()));
  const ows = fc.string({ unit: fc.constantFrom(' ', '\t'), maxLength: 2 });
  const header = fc.tuple(headerName, ows, fc.string({ unit: fc.constantFrom(...VALUE_CHARS), maxLength: 20 }), ows);
  const headers = fc.array(header, { maxLength: 6 });
  const body = fc.uint8Array({ maxLength: 2500 });

  type Framing =
    | { kind: 'length'; body: Uint8Array; list: boolean }
    | { kind: 'chunked'; body: Uint8Array; cuts: number[]; ext: boolean[]; upper: boolean; trailers: Array<[string, string, string, string]>; withLength: boolean }
    | { kind: 'close'; body: Uint8Array }
    | { kind: 'empty'; why: 'head' | 204 | 304 };

  const framing: fc.Arbitrary<Framing> = fc.oneof(
    fc.record({ kind: fc.constant('length' as const), body, list: fc.boolean() }),
    fc.record({
      kind: fc.constant('chunked' as const), body,
      cuts: fc.array(fc.integer({ min: 1, max: 900 }), { maxLength: 6 }),
      ext: fc.array(fc.boolean(), { maxLength: 6 }),
      upper: fc.boolean(),
      trailers: fc.array(header, { maxLength: 2 }),
      withLength: fc.boolean(),
    }),
    fc.record({ kind: fc.constant('close' as const), body }),
    fc.record({ kind: fc.constant('empty' as const), why: fc.constantFrom('head' as const, 204 as const, 304 as const) }),
  );

  const response = fc.record({
    interim: fc.array(fc.record({ status: fc.constantFrom(100, 102, 103), headers }), { maxLength: 2 }),
    http10: fc.boolean(),
    connection: fc.constantFrom('none', 'close', 'keep-alive'),
    status: fc.constantFrom(200, 201, 299, 404, 500),
    reason: fc.constantFrom('', ' ', ' OK', ' Not Found Here'),
    headers,
    hint: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
    framing,
  });
  type GenResponse = typeof response extends fc.Arbitrary<infer T> ? T : never;

  interface Encoded {
    bytes: Buffer;
    head: boolean;
    status: number;
    body: Buffer;
    closeDelimited: boolean;
  }

  function headerLines(list: ReadonlyArray<readonly [string, string, string, string]>): string {
    return list.map(([name, before, value, after]) => `${name}:${before}${value}${after}\r\n`).join('');
  }

  function encode(r: GenResponse): Encoded {
    let text = r.interim.map((i) => `HTTP/1.1 ${i.status} Interim\r\n${headerLines(i.headers)}\r\n`).join('');
    const f = r.framing;
    const status = f.kind === 'empty' && f.why !== 'head' ? f.why : r.status;
    text += `HTTP/1.${r.http10 ? 0 : 1} ${status}${r.reason}\r\n${headerLines(r.headers)}`;
    if (r.connection !== 'none') text += `Connection: ${r.connection}\r\n`;
    if (r.hint !== undefined) text += `Keep-Alive: timeout=${r.hint}\r\n`;
    let payload = '';
    let bodyBytes = Buffer.alloc(0);
    switch (f.kind) {
      case 'length':
        bodyBytes = Buffer.from(f.body);
        text += `Content-Length: ${f.list ? `${bodyBytes.length}, ${bodyBytes.length}` : bodyBytes.length}\r\n`;
        payload = bodyBytes.toString('latin1');
        break;
      case 'chunked': {
        bodyBytes = Buffer.from(f.body);
        text += 'Transfer-Encoding: chunked\r\n';
        if (f.withLength) text += 'Content-Length: 7\r\n';
        let at = 0;
        for (let i = 0; at < bodyBytes.length; i += 1) {
          const size = Math.min(f.cuts[i] ?? bodyBytes.length, bodyBytes.length - at);
          const hex = size.toString(16);
          payload += `${f.upper ? hex.toUpperCase() : hex}${f.ext[i] === true ? ';ext="a;b"' : ''}\r\n${bodyBytes.toString('latin1', at, at + size)}\r\n`;
          at += size;
        }
        payload += `0\r\n${headerLines(f.trailers)}\r\n`;
        break;
      }
      case 'close':
        bodyBytes = Buffer.from(f.body);
        payload = bodyBytes.toString('latin1');
        break;
      case 'empty':
        // Framing headers that must be ignored for HEAD, 204 and 304.
        text += 'Content-Length: 42\r\n';
        break;
    }
    text += `\r\n${payload}`;
    return { bytes: Buffer.from(text, 'latin1'), head: f.kind === 'empty' && f.why === 'head', status, body: bodyBytes, closeDelimited: f.kind === 'close' };
  }

  /** One response's parse, as compared between the two ways of feeding. */
  interface ParsedResponse {
    heads: Array<{ status: number; headers: Record<string, string> }>;
    body: string;
    keepAlive: boolean;
    keepAliveHint: number | undefined;
    used: number;
  }

  /**
   * Parses the concatenation of `list` (only the last may be close-delimited), resetting the
   * parser at each response's end, in pieces of `sizes` (empty: all at once).
   */
  function parseAll(list: readonly Encoded[], sizes: readonly number[]): ParsedResponse[] {
    const all = Buffer.concat(list.map((e) => e.bytes));
    const scratch = Buffer.alloc(SCRATCH_BYTES);
    const parser = new ResponseParser();
    const records: ParsedResponse[] = [];
    let index = 0;
    let sink = new Capture();
    let used = 0;
    parser.reset(sink, list[0]?.head === true);
    const next = (): void => {
      records.push({ heads: sink.heads, body: sink.body.toString('latin1'), keepAlive: parser.keepAlive, keepAliveHint: parser.keepAliveHint, used });
      index += 1;
      sink = new Capture();
      used = 0;
      parser.reset(sink, list[index]?.head === true);
    };
    let offset = 0;
    for (let piece = 0; offset < all.length; piece += 1) {
      const size = sizes.length === 0 ? all.length : Math.min(sizes[piece % sizes.length] ?? 1, all.length - offset);
      let buf: Buffer;
      if (sizes.length === 0) {
        buf = all;
      } else {
        all.copy(scratch, 0, offset, offset + size);
        scratch.fill(JUNK, size, scratch.length, 'latin1');
        buf = scratch;
      }
      let pos = 0;
      while (pos < size) {
        const n = parser.execute(buf, pos, size);
        pos += n;
        used += n;
        if (parser.done) next();
        else if (pos < size) throw new Error('execute() stopped short of the end without completing the response');
      }
      offset += size;
    }
    if (parser.finish()) next();
    return records;
  }

  const pieceSizes = fc.array(fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 16 }), fc.integer({ min: 1, max: 4096 })), { minLength: 1, maxLength: 20 });

  it('any split through one reused buffer gives what the whole response gives', () => {
    fc.assert(
      fc.property(fc.array(response, { minLength: 1, maxLength: 3 }), pieceSizes, (responses, sizes) => {
        // Only the last response may run to the close; the others end where their framing says.
        const list = responses.map(encode).filter((e, i, all) => !e.closeDelimited || i === all.length - 1);
        fc.pre(list.length > 0);
        const whole = parseAll(list, []);
        const split = parseAll(list, sizes);
        expect(split).toEqual(whole);
        // The whole parse is the responses as encoded: one head each, the body, the byte counts.
        expect(whole).toHaveLength(list.length);
        list.forEach((e, i) => {
          const record = whole[i];
          expect(record?.heads.map((h) => h.status)).toEqual([e.status]);
          expect(record?.body).toBe(e.body.toString('latin1'));
          expect(record?.used).toBe(e.bytes.length);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('a split inside the head terminator, with stale terminators behind it, still finds the real one', () => {
    const response = `${OK_HEAD}Content-Length: 2\r\n\r\nok`;
    const terminator = response.indexOf('\r\n\r\n');
    for (let cut = terminator - 1; cut <= terminator + 4; cut += 1) {
      const result = parseInPieces(response, [cut, response.length]);
      expect(result).toMatchObject({ body: 'ok', done: true, used: response.length });
    }
  });
});

describe('a head identical to the connection’s last one', () => {
  const HEAD = 'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nContent-Length: 11\r\nDate: Tue, 01 Dec 2026 18:20:00 GMT\r\n\r\n';
  const RESPONSE = `${HEAD}{"ok":true}`;

  /** Parses `responses` one after another on one parser (one connection). */
  function onOneParser(responses: Array<{ text: string; head?: boolean }>): Capture[] {
    const parser = new ResponseParser();
    return responses.map(({ text, head }) => {
      const sink = new Capture();
      parser.reset(sink, head === true);
      const buf = Buffer.from(text, 'latin1');
      expect(parser.execute(buf, 0, buf.length)).toBe(buf.length);
      expect(parser.done).toBe(true);
      return sink;
    });
  }

  it('gets the same frozen headers and framing without a second parse', () => {
    const [first, second] = onOneParser([{ text: RESPONSE }, { text: RESPONSE }]);
    expect(second?.heads[0]?.headers).toBe(first?.heads[0]?.headers);
    expect(Object.isFrozen(first?.heads[0]?.headers)).toBe(true);
    expect(second?.body.toString()).toBe('{"ok":true}');
  });

  it('is parsed afresh when one byte differs (the Date ticked, another length)', () => {
    const later = RESPONSE.replace('18:20:00', '18:20:01');
    const longer = `${HEAD.replace('11', '12')}{"ok":false}`;
    const [first, second, third] = onOneParser([{ text: RESPONSE }, { text: later }, { text: longer }]);
    expect(second?.heads[0]?.headers).not.toBe(first?.heads[0]?.headers);
    expect(second?.heads[0]?.headers['date']).toBe('Tue, 01 Dec 2026 18:20:01 GMT');
    expect(third?.body.toString()).toBe('{"ok":false}');
  });

  it('is framed without a body when the request was HEAD, however the last one was framed', () => {
    const parser = new ResponseParser();
    const get = new Capture();
    parser.reset(get, false);
    const whole = Buffer.from(RESPONSE, 'latin1');
    parser.execute(whole, 0, whole.length);
    const head = new Capture();
    parser.reset(head, true);
    const onlyHead = Buffer.from(HEAD, 'latin1');
    expect(parser.execute(onlyHead, 0, onlyHead.length)).toBe(onlyHead.length);
    expect(parser.done).toBe(true);
    expect(head.body.length).toBe(0);
  });

  it('split over reads is still recognised and yields the same body', () => {
    const parser = new ResponseParser();
    const bytes = Buffer.from(RESPONSE, 'latin1');
    const sinks = [new Capture(), new Capture()];
    for (const sink of sinks) {
      parser.reset(sink, false);
      feedPieces(parser, bytes, [7, 3, 50], Buffer.alloc(SCRATCH_BYTES));
      expect(parser.done).toBe(true);
    }
    expect(sinks[1]?.heads[0]?.headers).toBe(sinks[0]?.heads[0]?.headers);
    expect(sinks[1]?.body.toString()).toBe('{"ok":true}');
  });
});
