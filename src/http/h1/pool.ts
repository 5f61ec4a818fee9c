/**
 * The keep-alive connections to one origin: up to `connections` of them, idle ones reused last
 * in first out, requests beyond the limit queued in order. Idle connections are closed after
 * the keep-alive time by one sweep timer per pool rather than a timer per connection.
 *
 * Deadlines and signals: a request on a connection is timed by the connection; one waiting in
 * the queue by a timer of its own (the queue is empty in a steady closed-model run, where every
 * virtual user has a connection). Each abort signal gets one listener per pool, however many
 * requests carry it.
 */
import { performance } from 'node:perf_hooks';
import { H1Connection, type ConnectTarget, type ConnectionOwner } from './connection.js';
import { H1Error } from './errors.js';
import type { InFlight } from './in-flight.js';

export interface H1PoolOptions extends ConnectTarget {
  /** Most connections open at once. */
  connections: number;
  /** How long an idle connection is kept, ms. */
  keepAliveMs: number;
}

/** How often idle connections are checked against their keep-alive time. */
const SWEEP_MS = 250;

export class H1Pool implements ConnectionOwner {
  tlsSession: Buffer | undefined;
  /** Idle connections, the longest idle first; the most recently used is taken next. */
  private idleConns: H1Connection[] = [];
  private readonly all = new Set<H1Connection>();
  private readonly queue: Array<InFlight | undefined> = [];
  private queueHead = 0;
  private readonly watched = new WeakSet<AbortSignal>();
  private sweeper: NodeJS.Timeout | undefined;
  private closing: (() => void) | undefined;
  /** One promise for every close() (destroy() closes too): a second call must not orphan the first's. */
  private closedPromise: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly options: H1PoolOptions) {}

  /** Sends `request` on an idle connection, a new one, or once one is free. */
  send(request: InFlight): void {
    if (this.closed) return request.fail(new H1Error('CLIENT_CLOSED', 'the HTTP client is closed'));
    this.dispatch(request);
  }

  private dispatch(request: InFlight): void {
    const signal = request.signal;
    if (signal !== undefined) {
      if (signal.aborted) return request.fail(undefined, 'aborted');
      this.watch(signal);
    }
    const conn = this.takeIdle() ?? this.open();
    if (conn !== undefined) {
      conn.start(request);
      return;
    }
    this.enqueue(request);
  }

  /** ConnectionOwner: hand the connection to the next waiting request, or park it. */
  idle(conn: H1Connection): void {
    const next = this.dequeue();
    if (next !== undefined) {
      conn.start(next);
      return;
    }
    if (this.closed) {
      conn.destroy();
      return;
    }
    this.idleConns.push(conn);
    if (this.sweeper === undefined) {
      this.sweeper = setInterval(() => this.sweep(), SWEEP_MS);
      this.sweeper.unref();
    }
  }

  /** ConnectionOwner: forget the connection; a waiting request may now get a new one. */
  gone(conn: H1Connection): void {
    this.all.delete(conn);
    const at = this.idleConns.indexOf(conn);
    if (at >= 0) this.idleConns.splice(at, 1);
    const next = this.queueLength() > 0 ? this.open() : undefined;
    if (next !== undefined) {
      const request = this.dequeue();
      if (request !== undefined) next.start(request);
      else next.destroy();
    }
    this.checkClosed();
  }

  /** ConnectionOwner: also while closing, since the request was accepted before. */
  resend(request: InFlight): void {
    this.dispatch(request);
  }

  /** Stops taking requests; resolves once those in flight (and queued) are done and every connection is closed. */
  close(): Promise<void> {
    this.closed = true;
    for (const conn of this.idleConns.splice(0)) conn.destroy();
    this.closedPromise ??= new Promise((resolve) => {
      this.closing = resolve;
      this.checkClosed();
    });
    return this.closedPromise;
  }

  /** Ends every request now (category aborted) and closes every connection. */
  destroy(): Promise<void> {
    this.closed = true;
    const error = new H1Error('CLIENT_CLOSED', 'the HTTP client was destroyed');
    for (let request = this.dequeue(); request !== undefined; request = this.dequeue()) request.fail(error);
    for (const conn of this.all) {
      conn.current?.fail(error);
      conn.destroy();
    }
    return this.close();
  }

  /** The most recently used idle connection that can still carry a request (see H1Connection.reusable). */
  private takeIdle(): H1Connection | undefined {
    for (let conn = this.idleConns.pop(); conn !== undefined; conn = this.idleConns.pop()) {
      if (conn.reusable) return conn;
      // Already ending: its close event (and gone()) follows, which may open a new connection for the queue.
      conn.destroy();
    }
    return undefined;
  }

  private open(): H1Connection | undefined {
    // Also while closing: queued requests were accepted and still need a connection.
    if (this.all.size >= this.options.connections) return undefined;
    const conn = new H1Connection(this, this.options, this.options.keepAliveMs);
    this.all.add(conn);
    return conn;
  }

  private enqueue(request: InFlight): void {
    this.queue.push(request);
    if (request.deadlineAt === Infinity) return;
    request.queueTimer = setTimeout(() => request.fail(undefined, 'timeout'), Math.max(1, Math.ceil(request.deadlineAt - performance.now())));
  }

  /** The next waiting request that has not been settled meanwhile (timed out, aborted). */
  private dequeue(): InFlight | undefined {
    while (this.queueHead < this.queue.length) {
      const request = this.queue[this.queueHead];
      this.queue[this.queueHead] = undefined;
      this.queueHead += 1;
      if (this.queueHead === this.queue.length) {
        this.queue.length = 0;
        this.queueHead = 0;
      }
      if (request !== undefined && !request.isSettled) {
        if (request.queueTimer !== undefined) clearTimeout(request.queueTimer);
        request.queueTimer = undefined;
        return request;
      }
    }
    return undefined;
  }

  private queueLength(): number {
    return this.queue.length - this.queueHead;
  }

  /** One listener per signal: on abort, every request carrying it ends as `aborted`. */
  private watch(signal: AbortSignal): void {
    if (this.watched.has(signal)) return;
    this.watched.add(signal);
    signal.addEventListener('abort', () => {
      for (let i = this.queueHead; i < this.queue.length; i += 1) {
        const request = this.queue[i];
        if (request?.signal === signal) request.fail(undefined, 'aborted');
      }
      for (const conn of [...this.all]) {
        if (conn.current?.signal === signal) conn.abort(conn.current, 'aborted');
      }
    }, { once: true });
  }

  private sweep(): void {
    const now = performance.now();
    const stale = this.idleConns.filter((conn) => now - conn.idleSince >= conn.idleLimitMs);
    // Out of the idle list before destroy(): its close (and gone()) comes only on a later tick.
    this.idleConns = this.idleConns.filter((conn) => !stale.includes(conn));
    for (const conn of stale) conn.destroy();
    if (this.idleConns.length === 0 && this.sweeper !== undefined) {
      clearInterval(this.sweeper);
      this.sweeper = undefined;
    }
  }

  private checkClosed(): void {
    if (this.closing === undefined || this.all.size > 0) return;
    if (this.sweeper !== undefined) clearInterval(this.sweeper);
    this.sweeper = undefined;
    const resolve = this.closing;
    this.closing = undefined;
    resolve();
  }
}
