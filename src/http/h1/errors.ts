/**
 * The failures the HTTP/1.1 client raises itself, each with a stable code that
 * src/http/errors.ts maps to a category. Socket errors from Node (ECONNREFUSED, ECONNRESET,
 * ENOTFOUND, TLS codes…) pass through unchanged.
 */

export type H1ErrorCode =
  /** The connection closed before the response was complete (category reset). */
  | 'SOCKET_CLOSED'
  /** No TCP (+ TLS) connection within the connect timeout (category timeout). */
  | 'CONNECT_TIMEOUT'
  /** The response is not HTTP/1.x or breaks its framing (category other). */
  | 'INVALID_RESPONSE'
  /** The response head is larger than the client accepts (category other). */
  | 'HEADERS_TOO_LARGE'
  /** The request cannot be sent as given: a bad header, method or length (category other). */
  | 'INVALID_REQUEST'
  /** The client was closed or destroyed with the request in flight (category aborted). */
  | 'CLIENT_CLOSED';

export class H1Error extends Error {
  constructor(readonly code: H1ErrorCode, message: string) {
    super(message);
    this.name = 'H1Error';
  }
}
