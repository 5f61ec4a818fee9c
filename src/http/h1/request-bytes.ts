/**
 * An HTTP/1.1 request as the bytes written to the socket: request line, headers and body in one
 * Buffer, so a request costs one write. Everything a template could have put into the request
 * is validated first: a captured value holding CR/LF must never split the request in two
 * (request smuggling). Errors never quote header values (they may be API keys).
 */
import { H1Error } from './errors.js';

/** RFC 9110 `token`: methods and header names. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Field values: visible Latin-1 characters, spaces and tabs; no CR, LF or NUL. */
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
/** A request target from a parsed URL: printable ASCII only (the URL parser percent-encodes the rest). */
const TARGET = /^[\x21-\x7e]+$/;

/** Headers the client writes itself or that would change the framing it relies on. */
const FORBIDDEN = new Set(['transfer-encoding', 'upgrade', 'keep-alive', 'expect', 'te', 'trailer']);

/** Methods whose requests carry a payload: sent with `content-length: 0` when they have none. */
const PAYLOAD_METHODS = new Set(['POST', 'PUT', 'PATCH']);

export interface RequestParts {
  method: string;
  /** Origin-form target: pathname + search. */
  target: string;
  /** The Host header value (`url.host`). */
  host: string;
  headers: Readonly<Record<string, string>>;
  body: string | Uint8Array | undefined;
}

/** The encoded request and what the connection must know about it. */
export interface RequestBytes {
  bytes: Buffer;
  method: string;
  /** HEAD responses have no body, whatever their headers say. */
  head: boolean;
  /** The request asked for the connection to be closed after it. */
  close: boolean;
}

function invalid(message: string): H1Error {
  return new H1Error('INVALID_REQUEST', message);
}

function headerLines(parts: RequestParts, bodyLength: number): { text: string; close: boolean } {
  let text = '';
  let host = false;
  let length = false;
  let close = false;
  for (const name in parts.headers) {
    const value = parts.headers[name];
    if (value === undefined) continue;
    if (!TOKEN.test(name)) throw invalid(`header name "${name.slice(0, 64)}" is not a valid HTTP token`);
    if (!FIELD_VALUE.test(value)) {
      throw invalid(`header "${name}" holds a character not allowed in a header value (CR, LF, NUL or beyond Latin-1)`);
    }
    const lower = name.toLowerCase();
    if (FORBIDDEN.has(lower)) throw invalid(`header "${name}" cannot be set: the client frames requests itself`);
    if (lower === 'host') host = true;
    else if (lower === 'content-length') {
      if (value.trim() !== String(bodyLength)) throw invalid(`content-length ${value.trim()} does not match the body's ${bodyLength} bytes`);
      length = true;
    } else if (lower === 'connection') {
      const v = value.trim().toLowerCase();
      if (v !== 'close' && v !== 'keep-alive') throw invalid('header "connection" may only be close or keep-alive');
      close = v === 'close';
    }
    text += `${name}: ${value}\r\n`;
  }
  if (!host) text = `host: ${parts.host}\r\n${text}`;
  if (!length && (bodyLength > 0 || PAYLOAD_METHODS.has(parts.method))) text += `content-length: ${bodyLength}\r\n`;
  return { text, close };
}

/** Encodes `parts`; throws an H1Error (code INVALID_REQUEST) for anything that cannot be sent as is. */
export function encodeRequest(parts: RequestParts): RequestBytes {
  if (!TOKEN.test(parts.method)) throw invalid(`method "${parts.method.slice(0, 32)}" is not a valid HTTP token`);
  if (!TARGET.test(parts.target)) throw invalid('the request path holds characters that cannot be sent');
  const body = parts.body;
  const bodyLength = body === undefined ? 0 : typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
  const lines = headerLines(parts, bodyLength);
  const head = `${parts.method} ${parts.target} HTTP/1.1\r\n${lines.text}\r\n`;
  const bytes = Buffer.allocUnsafe(head.length + bodyLength);
  bytes.write(head, 0, 'latin1');
  if (typeof body === 'string') bytes.write(body, head.length, 'utf8');
  else if (body !== undefined) bytes.set(body, head.length);
  return { bytes, method: parts.method, head: parts.method === 'HEAD', close: lines.close };
}
