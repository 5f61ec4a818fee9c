/**
 * One keep-alive HTTP/1.1 connection: a TCP (or TLS) socket carrying one request at a time.
 *
 * Reads land in one buffer shared by every connection of the thread (Node's `onread` option):
 * the parser handles each read synchronously, before the next read can reuse the buffer, so
 * no Buffer, stream event or promise is made per read. Each request is one write.
 *
 * The connection also times its request: one timer per connection that is re-armed only when a
 * request's deadline comes before the one it is armed for, so a steady stream of requests with
 * the same timeout costs no timer operation per request, and a deadline still fires on time.
 */
import { connect as netConnect, type OnReadOpts, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { performance } from 'node:perf_hooks';
import type { EndedBy } from '../errors.js';
import { H1Error } from './errors.js';
import type { InFlight } from './in-flight.js';
import { ResponseParser } from './response-parser.js';

/** Where and how to connect. */
export interface ConnectTarget {
  protocol: 'http:' | 'https:';
  /** Host name or IP address, without the brackets of an IPv6 literal. */
  hostname: string;
  port: number;
  connectTimeoutMs: number;
  rejectUnauthorized: boolean;
}

/** What a connection tells the pool that owns it. */
export interface ConnectionOwner {
  /** The connection finished its request and can take another. */
  idle(conn: H1Connection): void;
  /** The connection closed; it is not used again. */
  gone(conn: H1Connection): void;
  /** The request met a reused connection that had been closed before any response byte: send it again. */
  resend(request: InFlight): void;
  /** The last TLS session of the origin, for resumption on the next connection. */
  tlsSession: Buffer | undefined;
}

/** One read buffer per thread (see the header comment). */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

export class H1Connection {
  /** The request on the wire, if any. */
  current: InFlight | undefined;
  /** Responses completed on this connection. */
  served = 0;
  /** `performance.now()` when it last became idle. */
  idleSince = 0;
  /** How long it may stay idle: the pool's keep-alive, shortened by the server's Keep-Alive hint. */
  idleLimitMs: number;
  private readonly socket: Socket;
  private readonly parser = new ResponseParser();
  private connectTimer: NodeJS.Timeout | undefined;
  private timer: NodeJS.Timeout | undefined;
  private timerDue = Infinity;
  private error: unknown;
  private closed = false;

  constructor(private readonly owner: ConnectionOwner, target: ConnectTarget, private readonly keepAliveMs: number) {
    this.idleLimitMs = keepAliveMs;
    const onread: OnReadOpts = { buffer: READ_BUFFER, callback: (n, buf) => this.onRead(n, buf as Buffer) };
    const socket = target.protocol === 'https:' ? this.tlsSocket(target, onread) : netConnect({ host: target.hostname, port: target.port, onread, noDelay: true });
    this.socket = socket;
    socket.on('error', (err) => {
      this.error ??= err;
    });
    socket.on('close', () => this.onClose());
    socket.once(target.protocol === 'https:' ? 'secureConnect' : 'connect', () => this.connected());
    this.connectTimer = setTimeout(() => {
      this.error ??= new H1Error('CONNECT_TIMEOUT', `no connection within ${target.connectTimeoutMs} ms`);
      socket.destroy();
    }, target.connectTimeoutMs);
    this.connectTimer.unref();
  }

  private tlsSocket(target: ConnectTarget, onread: OnReadOpts): Socket {
    // tls.connect takes `onread` as net.connect does (Node's docs); its type definitions omit it.
    const options: ConnectionOptions & { onread: OnReadOpts } = {
      host: target.hostname,
      port: target.port,
      // SNI takes names only, never IP addresses.
      ...(/^[\d.]+$|:/.test(target.hostname) ? {} : { servername: target.hostname }),
      rejectUnauthorized: target.rejectUnauthorized,
      ALPNProtocols: ['http/1.1'],
      ...(this.owner.tlsSession !== undefined ? { session: this.owner.tlsSession } : {}),
      onread,
    };
    const socket = tlsConnect(options);
    socket.setNoDelay(true);
    socket.on('session', (session: Buffer) => {
      this.owner.tlsSession = session;
    });
    return socket;
  }

  private connected(): void {
    if (this.connectTimer !== undefined) clearTimeout(this.connectTimer);
    this.connectTimer = undefined;
  }

  /**
   * Whether it can take another request. Unsolicited bytes (onRead destroys the socket) or the
   * server's FIN end a connection some ticks before its close event takes it out of the pool.
   */
  get reusable(): boolean {
    return !this.closed && !this.socket.destroyed && this.socket.writable && !this.socket.readableEnded;
  }

  /** Writes `request` (the connection must be idle or new; a new one sends once connected). */
  start(request: InFlight): void {
    this.current = request;
    this.parser.reset(request, request.request.head);
    this.socket.write(request.request.bytes);
    this.armFor(request.deadlineAt);
  }

  /** Ends `request` if it is this connection's, and closes the connection: its response is unwanted. */
  abort(request: InFlight, endedBy: EndedBy): void {
    if (this.current !== request) return;
    this.current = undefined;
    request.fail(undefined, endedBy);
    this.socket.destroy();
  }

  destroy(): void {
    this.socket.destroy();
  }

  private onRead(n: number, buf: Buffer): boolean {
    const request = this.current;
    if (request === undefined) {
      // Bytes nobody asked for (a late answer, a 408 on an idle connection): not reusable.
      this.socket.destroy();
      return true;
    }
    let used: number;
    try {
      used = this.parser.execute(buf, 0, n);
    } catch (err) {
      this.current = undefined;
      request.fail(err);
      this.socket.destroy();
      return true;
    }
    if (this.parser.done) this.finish(request, used < n);
    return true;
  }

  /** The response is complete; `extra`: the server sent bytes beyond it. Reused when nothing speaks against it. */
  private finish(request: InFlight, extra: boolean): void {
    this.current = undefined;
    this.served += 1;
    // Request bytes still waiting to be written (a server that answered a large upload before
    // reading it) would reach the server as the start of the next request.
    if (this.parser.keepAlive && !request.request.close && !extra && !this.closed && this.socket.writableLength === 0) {
      const hint = this.parser.keepAliveHint;
      // Leave the server's idle timeout a margin, so we close first rather than race its close.
      this.idleLimitMs = hint === undefined ? this.keepAliveMs : Math.min(this.keepAliveMs, Math.max(hint - 1000, hint / 2));
      // Idle since about now: the head's arrival time, read already (the sweep is coarse anyway).
      this.idleSince = request.headersAt;
      this.owner.idle(this);
    } else {
      this.socket.destroy();
    }
    request.complete();
  }

  private onClose(): void {
    this.closed = true;
    if (this.connectTimer !== undefined) clearTimeout(this.connectTimer);
    if (this.timer !== undefined) clearTimeout(this.timer);
    const request = this.current;
    this.current = undefined;
    this.owner.gone(this);
    if (request === undefined || request.isSettled) return;
    if (this.error === undefined && this.parser.finish()) {
      // A body delimited by the end of the connection ends here (a reset is no such end).
      request.complete();
    } else if (!this.parser.seenBytes && this.served > 0 && request.replayable && !request.retried) {
      // The server closed the kept-alive connection as we reused it: nothing was answered.
      request.retried = true;
      this.owner.resend(request);
    } else {
      request.fail(this.error ?? new H1Error('SOCKET_CLOSED', 'the connection closed before the response was complete'));
    }
  }

  /** Makes sure the timer fires no later than `due` (see the header comment). */
  private armFor(due: number): void {
    if (due === Infinity || (this.timer !== undefined && this.timerDue <= due)) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timerDue = due;
    this.timer = setTimeout(() => this.onTimer(), Math.max(1, Math.ceil(due - performance.now())));
    this.timer.unref();
  }

  private onTimer(): void {
    this.timer = undefined;
    this.timerDue = Infinity;
    const request = this.current;
    if (request === undefined) return;
    // Timers fire on the loop's millisecond clock: within 1 ms of the deadline is the deadline.
    if (performance.now() >= request.deadlineAt - 1) this.abort(request, 'timeout');
    else this.armFor(request.deadlineAt);
  }
}
