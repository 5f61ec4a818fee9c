import { EventEmitter } from 'node:events';
import type { EndedBy } from './errors.js';

/**
 * Deadlines waiting on each run-level signal. One listener per signal serves every request
 * under it: adding and removing an EventTarget listener per request would cost more than the
 * rest of the deadline.
 */
const waiting = new WeakMap<AbortSignal, Set<Deadline>>();

function watch(parent: AbortSignal, deadline: Deadline): void {
  let set = waiting.get(parent);
  if (!set) {
    const members = new Set<Deadline>();
    set = members;
    waiting.set(parent, members);
    parent.addEventListener('abort', () => {
      for (const d of members) d.end('aborted');
      members.clear();
    }, { once: true });
  }
  set.add(deadline);
}

/**
 * One request's overall deadline combined with the run's abort signal, handed to undici as its
 * `signal` (undici accepts an EventEmitter with `aborted`/`reason` and an `abort` event).
 *
 * Undici's headersTimeout/bodyTimeout are coarse (its fast timers tick every ~500 ms) and the
 * body timeout restarts on every chunk, so a slow trickle never trips it; this deadline covers
 * headers and body together and fires on time. It is an EventEmitter rather than an
 * AbortController (or AbortSignal.timeout + AbortSignal.any) because, measured on loopback,
 * an AbortSignal per request costs about half as much CPU as the whole undici request, and the
 * timer can be cleared as soon as the exchange ends instead of piling up under load.
 */
export class Deadline extends EventEmitter {
  /** Read by undici. */
  aborted = false;
  /** Read by undici: the error the request fails with. */
  reason: Error | undefined;
  /** Set once the deadline fired or the parent signal aborted. */
  endedBy: EndedBy | undefined;
  /** Called once with the reason when the deadline ends (dispatch handlers abort through it). */
  onEnd: ((reason: Error) => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly parent: AbortSignal | undefined;
  private readonly other: AbortSignal | undefined;

  /**
   * `timeoutMs` <= 0 or non-finite means no deadline (only the parent signals). `other` is a
   * second signal (a step's own, beside the run's) without the cost of AbortSignal.any.
   */
  constructor(timeoutMs: number, parent?: AbortSignal, other?: AbortSignal) {
    super();
    this.parent = parent;
    this.other = other === parent ? undefined : other;
    if (parent?.aborted || this.other?.aborted) {
      this.end('aborted');
      return;
    }
    if (Number.isFinite(timeoutMs) && timeoutMs > 0) {
      this.timer = setTimeout(() => this.end('timeout'), timeoutMs);
    }
    if (parent) watch(parent, this);
    if (this.other) watch(this.other, this);
  }

  /** Ends the request now; the first reason wins. */
  end(reason: EndedBy): void {
    if (this.endedBy) return;
    this.endedBy = reason;
    this.dispose();
    const error = new Error(reason === 'timeout' ? 'request deadline exceeded' : 'request aborted');
    (error as Error & { code: string }).code = reason === 'timeout' ? 'REQUEST_TIMEOUT' : 'ABORTED';
    this.reason = error;
    this.aborted = true;
    this.emit('abort');
    this.onEnd?.(error);
  }

  /** Clears the timer and leaves the parent's watch list; call when the exchange is over. */
  dispose(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.parent) waiting.get(this.parent)?.delete(this);
    if (this.other) waiting.get(this.other)?.delete(this);
  }
}
