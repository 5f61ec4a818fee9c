/**
 * An incremental HTTP/1.x response parser (RFC 9112): the status line and headers, then the
 * body framed by Content-Length, chunked Transfer-Encoding or the end of the connection.
 * Interim 1xx responses are skipped. It reads straight out of the socket's read buffer, which is
 * reused for the next read, so whatever it keeps (header strings, a partial head) is copied.
 *
 * Strict where framing is at stake (conflicting lengths, bad chunk sizes, header names that are
 * not tokens, control characters in values): a target that gets these wrong fails the request
 * with INVALID_RESPONSE instead of being misread.
 */
import { H1Error } from './errors.js';

/** Receives one response. Called synchronously from `execute`. */
export interface ResponseSink {
  /**
   * The final (non-1xx) head. Header names are lower-cased; repeated headers joined with ", ".
   * The headers object is frozen: the exchanges of identical heads share it.
   */
  onHead(status: number, headers: Record<string, string>): void;
  /** Body bytes `buf[start, end)`; only valid during the call. */
  onBody(buf: Buffer, start: number, end: number): void;
}

/** Largest response head accepted (status line and headers); beyond it: HEADERS_TOO_LARGE. */
export const MAX_HEAD_BYTES = 64 * 1024;
/** How much of a read is decoded at first when looking for the end of a head. */
const HEAD_PROBE_BYTES = 4096;
/** Largest chunk-size line or trailer section. */
const MAX_LINE_BYTES = 16 * 1024;

const enum State {
  Head,
  Length,
  ChunkSize,
  ChunkData,
  ChunkDataEnd,
  Trailers,
  UntilClose,
  Done,
}

const CRLF2 = '\r\n\r\n';
/**
 * A whole header section at once (every line `token ":" value CRLF`, values without control
 * characters but HTAB): one regular-expression pass instead of two per header. The classes are
 * disjoint (no ":" in names, no CR in values), so it cannot backtrack badly.
 */
const HEADER_SECTION = /^(?:[!#$%&'*+\-.^_`|~0-9A-Za-z]+:[\t\x20-\x7e\x80-\xff]*\r\n)*$/;
const HEX = /^[0-9a-fA-F]+$/;

function invalid(message: string): H1Error {
  return new H1Error('INVALID_RESPONSE', message);
}

function isOws(code: number): boolean {
  return code === 32 || code === 9;
}

/** Whether a Connection header lists `token` (the usual single value is compared as it is). */
function hasToken(list: string | undefined, token: string): boolean {
  if (list === undefined) return false;
  const lower = list.toLowerCase();
  if (lower === token) return true;
  return lower.includes(',') && lower.split(',').some((t) => t.trim() === token);
}

/** A run of decimal digits as a number; -1 when `text` is not one. */
function decimal(text: string): number {
  if (text.length === 0 || text.length > 15) return -1;
  let n = 0;
  for (let i = 0; i < text.length; i += 1) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** Content-Length: digits, or a list of identical values (RFC 9110 §8.6). */
function contentLength(value: string): number {
  const n = decimal(value);
  if (n >= 0) return n;
  const parts = value.split(',').map((p) => p.trim());
  const first = parts[0] ?? '';
  const length = decimal(first);
  if (length < 0 || parts.some((p) => p !== first)) throw invalid('invalid or conflicting content-length');
  return length;
}

/** The last Keep-Alive header seen and its `timeout`: a server sends the same one every time. */
let lastKeepAlive: { value: string; ms: number | undefined } = { value: '', ms: undefined };

/** `timeout=N` of a Keep-Alive header, in ms; undefined when absent or unusable. */
function keepAliveHintMs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (value === lastKeepAlive.value) return lastKeepAlive.ms;
  const m = /(?:^|[,;\s])timeout\s*=\s*(\d+)/i.exec(value);
  const ms = m?.[1] !== undefined ? Number(m[1]) * 1000 : undefined;
  lastKeepAlive = { value, ms };
  return ms;
}

/** The status code of an `HTTP/1.x NNN[ reason]` line ending at `lineEnd`; throws when it is none. */
function statusCode(text: string, lineEnd: number): number {
  if (lineEnd < 12 || !text.startsWith('HTTP/1.') || (text[7] !== '0' && text[7] !== '1') || text[8] !== ' ') {
    throw invalid('the response does not start with an HTTP/1.x status line');
  }
  const status = decimal(text.slice(9, 12));
  if (status < 100 || (lineEnd > 12 && text[12] !== ' ')) throw invalid('the status line holds no valid status code');
  return status;
}

/** Adds one header; names lower-cased, a repeated header's values joined with ", ". */
function addHeader(headers: Record<string, string>, name: string, value: string): void {
  const previous = headers[name];
  if (typeof previous === 'string') headers[name] = `${previous}, ${value}`;
  else if (name === '__proto__') Object.defineProperty(headers, name, { value, enumerable: true, writable: true, configurable: true });
  else headers[name] = value;
}

/**
 * Lower-cased header names by their position in the head, with the name as sent: a target
 * sends the same names in the same order on every response, so a name is usually recognised
 * in place (no slice, no lower-casing), and the object key is a string V8 has seen before.
 */
const seenNames: { raw: string; lower: string }[] = [];
const MAX_SEEN_NAMES = 64;

function headerName(text: string, at: number, colon: number, index: number): string {
  const seen = seenNames[index];
  if (seen !== undefined && seen.raw.length === colon - at && text.startsWith(seen.raw, at)) return seen.lower;
  const raw = text.slice(at, colon);
  const lower = raw.toLowerCase();
  if (index < MAX_SEEN_NAMES) seenNames[index] = { raw, lower };
  return lower;
}

/** Parses the header lines of `text[at, end)` (already validated by HEADER_SECTION). */
function parseHeaders(text: string, at: number, end: number): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let index = 0; at < end; index += 1) {
    const colon = text.indexOf(':', at);
    const lineEnd = text.indexOf('\r\n', colon);
    let s = colon + 1;
    let e = lineEnd;
    while (s < e && isOws(text.charCodeAt(s))) s += 1;
    while (e > s && isOws(text.charCodeAt(e - 1))) e -= 1;
    addHeader(headers, headerName(text, at, colon, index), text.slice(s, e));
    at = lineEnd + 2;
  }
  return headers;
}

/** A parsed final head: its text, and the parser state it led to. */
interface LastHead {
  text: string;
  headRequest: boolean;
  status: number;
  headers: Readonly<Record<string, string>>;
  state: State;
  remaining: number;
  keepAlive: boolean;
  keepAliveHint: number | undefined;
}

export class ResponseParser {
  private state = State.Head;
  /** The part of a head that arrived in earlier reads, as Latin-1 text. */
  private headText = '';
  /** Bytes of a chunk line or trailer that arrived split over reads. */
  private partial: Buffer | undefined;
  private remaining = 0;
  private headRequest = false;
  private status = 0;
  private sink: ResponseSink | undefined;
  /** Whether the connection may carry another request once this response is done. */
  keepAlive = true;
  /** The server's Keep-Alive `timeout`, ms, when it sent one. */
  keepAliveHint: number | undefined;
  /** Some byte of the response arrived (a request that saw none may be retried elsewhere). */
  seenBytes = false;
  /** The last final head parsed and what was decided from it (see reuseLastHead). */
  private last: LastHead | undefined;

  /** Prepares for the response to the next request. */
  reset(sink: ResponseSink, headRequest: boolean): void {
    this.sink = sink;
    this.state = State.Head;
    this.headText = '';
    this.partial = undefined;
    this.remaining = 0;
    this.headRequest = headRequest;
    this.status = 0;
    this.keepAlive = true;
    this.seenBytes = false;
  }

  /** The response is complete; no byte beyond it was consumed. */
  get done(): boolean {
    return this.state === State.Done;
  }

  /**
   * Feeds `buf[start, end)`. Returns how many bytes belong to this response: it stops at the
   * response's end (`done`), so fewer than given means the server sent more than one response.
   * Throws an H1Error when the bytes are not a valid response.
   */
  execute(buf: Buffer, start: number, end: number): number {
    if (end > start) this.seenBytes = true;
    let pos = start;
    while (pos < end && this.state !== State.Done) {
      switch (this.state) {
        case State.Head:
          pos = this.readHead(buf, pos, end);
          break;
        case State.Length:
        case State.ChunkData:
        case State.UntilClose:
          pos = this.readBody(buf, pos, end);
          break;
        case State.ChunkSize:
        case State.Trailers:
          pos = this.readLine(buf, pos, end);
          break;
        case State.ChunkDataEnd:
          pos = this.readChunkEnd(buf, pos, end);
          break;
      }
    }
    return pos - start;
  }

  /** At the end of the connection: true when that completed the response (a close-delimited body). */
  finish(): boolean {
    if (this.state !== State.UntilClose) return false;
    this.state = State.Done;
    this.keepAlive = false;
    return true;
  }

  /**
   * Looks for the end of the head in this read (joined to what came before). The bytes are
   * decoded once, as Latin-1 text, and searched and parsed as a string: a native Buffer search
   * and a second decode cost more than the whole parse of a short head. Only a bounded prefix
   * of a large read (a head followed by a big body) is decoded at first.
   */
  private readHead(buf: Buffer, pos: number, end: number): number {
    const prior = this.headText.length;
    // A head ends within MAX_HEAD_BYTES: nothing past that is ever needed as text.
    const limit = Math.min(end, pos + MAX_HEAD_BYTES - prior);
    let decodedTo = Math.min(limit, pos + HEAD_PROBE_BYTES);
    let text = this.headText + buf.toString('latin1', pos, decodedTo);
    let at = text.indexOf(CRLF2, Math.max(0, prior - 3));
    if (at < 0 && decodedTo < limit) {
      const searched = text.length;
      text += buf.toString('latin1', decodedTo, limit);
      decodedTo = limit;
      at = text.indexOf(CRLF2, Math.max(0, searched - 3));
    }
    if (at < 0) {
      if (limit < end || text.length >= MAX_HEAD_BYTES) throw new H1Error('HEADERS_TOO_LARGE', `response head exceeds ${MAX_HEAD_BYTES} bytes`);
      this.headText = text;
      return end;
    }
    if (at + 4 > MAX_HEAD_BYTES) throw new H1Error('HEADERS_TOO_LARGE', `response head exceeds ${MAX_HEAD_BYTES} bytes`);
    this.headText = '';
    this.parseHead(text, at + 2);
    // The head's last byte is text[at + 3]; text starts `prior` bytes before this read.
    return pos + at + 4 - prior;
  }

  /** Parses `text[0, headEnd)`: the status line and header lines, each ending in CRLF. */
  private parseHead(text: string, headEnd: number): void {
    if (this.reuseLastHead(text, headEnd)) return;
    const lineEnd = text.indexOf('\r\n');
    const status = statusCode(text, lineEnd);
    const section = lineEnd + 2;
    if (section < headEnd && !HEADER_SECTION.test(text.slice(section, headEnd))) {
      throw invalid('a response header is malformed (a name that is not a token, or a control character in a value)');
    }
    const headers = parseHeaders(text, section, headEnd);
    if (status >= 100 && status < 200 && status !== 101) return; // interim: the real head follows
    this.status = status;
    this.frame(headers, text.charCodeAt(7) === 49);
    // Shared with the next identical head's exchange (see reuseLastHead): nobody may change it.
    Object.freeze(headers);
    this.last = {
      text: text.slice(0, headEnd), headRequest: this.headRequest, status, headers,
      state: this.state, remaining: this.remaining, keepAlive: this.keepAlive, keepAliveHint: this.keepAliveHint,
    };
    this.sink?.onHead(status, headers);
    if (this.state === State.Head) this.state = State.Done;
  }

  /**
   * A head byte-for-byte the same as the connection's last one (a fixed response; or one that
   * differs only within a second, when the Date header ticks) gets that head's headers and
   * framing without parsing it again: one string comparison instead of the whole parse.
   */
  private reuseLastHead(text: string, headEnd: number): boolean {
    const last = this.last;
    // slice + === compares the bytes at once; startsWith walks them one by one (twice as slow).
    if (last === undefined || last.text.length !== headEnd || last.headRequest !== this.headRequest || text.slice(0, headEnd) !== last.text) return false;
    this.status = last.status;
    this.state = last.state;
    this.remaining = last.remaining;
    this.keepAlive = last.keepAlive;
    this.keepAliveHint = last.keepAliveHint;
    this.sink?.onHead(last.status, last.headers);
    if (this.state === State.Head) this.state = State.Done;
    return true;
  }

  /** Decides how the body is delimited and whether the connection can be reused. */
  private frame(headers: Record<string, string>, http11: boolean): void {
    const connection = headers['connection'];
    this.keepAlive = http11 ? !hasToken(connection, 'close') : hasToken(connection, 'keep-alive');
    this.keepAliveHint = keepAliveHintMs(headers['keep-alive']);
    const status = this.status;
    if (status === 101) this.keepAlive = false;
    if (this.headRequest || status < 200 || status === 204 || status === 304) return;
    const te = headers['transfer-encoding'];
    if (te !== undefined) {
      // A length beside Transfer-Encoding is ignored, and the connection must not be reused; nor
      // after Transfer-Encoding in HTTP/1.0, which RFC 9112 §6.1 calls faulty framing.
      if (headers['content-length'] !== undefined || !http11) this.keepAlive = false;
      const codings = te.toLowerCase().split(',');
      if (codings[codings.length - 1]?.trim() === 'chunked') this.state = State.ChunkSize;
      else this.untilCloseBody();
      return;
    }
    const length = headers['content-length'];
    if (length !== undefined) {
      this.remaining = contentLength(length);
      if (this.remaining > 0) this.state = State.Length;
      return;
    }
    this.untilCloseBody();
  }

  private untilCloseBody(): void {
    this.state = State.UntilClose;
    this.keepAlive = false;
  }

  private readBody(buf: Buffer, pos: number, end: number): number {
    if (this.state === State.UntilClose) {
      this.sink?.onBody(buf, pos, end);
      return end;
    }
    const take = Math.min(this.remaining, end - pos);
    this.sink?.onBody(buf, pos, pos + take);
    this.remaining -= take;
    if (this.remaining === 0) this.state = this.state === State.Length ? State.Done : State.ChunkDataEnd;
    return pos + take;
  }

  /** A chunk-size line or a trailer line; may arrive split over reads. */
  private readLine(buf: Buffer, pos: number, end: number): number {
    const lf = buf.indexOf(10, pos);
    if (lf < 0 || lf >= end) {
      this.keepPartialLine(buf, pos, end);
      return end;
    }
    // The same cap whether the line arrived in one read or split over several.
    if (lf + 1 - pos + (this.partial?.length ?? 0) > MAX_LINE_BYTES) throw invalid('a chunk-size line or trailer section is too long');
    const part = buf.toString('latin1', pos, lf + 1);
    const line = this.partial !== undefined ? this.partial.toString('latin1') + part : part;
    this.partial = undefined;
    if (!line.endsWith('\r\n')) throw invalid('a chunk line does not end in CRLF');
    const text = line.slice(0, -2);
    if (this.state === State.ChunkSize) this.chunkSize(text);
    else if (text === '') this.state = State.Done;
    return lf + 1;
  }

  private keepPartialLine(buf: Buffer, pos: number, end: number): void {
    const piece = buf.subarray(pos, end);
    const kept = this.partial !== undefined ? Buffer.concat([this.partial, piece]) : Buffer.from(piece);
    if (kept.length > MAX_LINE_BYTES) throw invalid('a chunk-size line or trailer section is too long');
    this.partial = kept;
  }

  private chunkSize(text: string): void {
    const semi = text.indexOf(';');
    const hex = (semi < 0 ? text : text.slice(0, semi)).replace(/^[ \t]+|[ \t]+$/g, '');
    if (!HEX.test(hex) || hex.length > 12) throw invalid('invalid chunk size');
    this.remaining = parseInt(hex, 16);
    this.state = this.remaining === 0 ? State.Trailers : State.ChunkData;
  }

  /** The CRLF after a chunk's data. */
  private readChunkEnd(buf: Buffer, pos: number, end: number): number {
    let at = pos;
    // `remaining` counts the CRLF bytes still expected: 2, then 1 if split.
    if (this.remaining === 0) this.remaining = 2;
    while (at < end && this.remaining > 0) {
      const want = this.remaining === 2 ? 13 : 10;
      if (buf[at] !== want) throw invalid('chunk data is not followed by CRLF');
      this.remaining -= 1;
      at += 1;
    }
    if (this.remaining === 0) this.state = State.ChunkSize;
    return at;
  }
}
