import type { EndedBy } from './errors.js';

/**
 * One request's overall deadline combined with the run's abort signal, as a single AbortSignal
 * handed to undici.
 *
 * Undici's headersTimeout/bodyTimeout are coarse (its fast timers tick every ~500 ms) and the
 * body timeout restarts on every chunk, so a slow trickle never trips it; this deadline covers
 * headers and body together and fires on time. A plain controller plus setTimeout is used
 * rather than AbortSignal.timeout + AbortSignal.any because its timer can be cleared as soon as
 * the exchange ends: on a load generator, tens of thousands of pending 10 s timers per second
 * would otherwise pile up.
 */
export class Deadline {
  readonly signal: AbortSignal;
  /** Set once the deadline fired or the parent signal aborted. */
  endedBy: EndedBy | undefined;
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private readonly parent: AbortSignal | undefined;
  private readonly onParentAbort = (): void => this.end('aborted');

  /** `timeoutMs` <= 0 or non-finite means no deadline (only the parent signal). */
  constructor(timeoutMs: number, parent?: AbortSignal) {
    this.signal = this.controller.signal;
    this.parent = parent;
    if (parent?.aborted) {
      this.end('aborted');
      return;
    }
    if (Number.isFinite(timeoutMs) && timeoutMs > 0) {
      this.timer = setTimeout(() => this.end('timeout'), timeoutMs);
    }
    parent?.addEventListener('abort', this.onParentAbort, { once: true });
  }

  private end(reason: EndedBy): void {
    if (this.endedBy) return;
    this.endedBy = reason;
    this.dispose();
    const error = new Error(reason === 'timeout' ? 'request deadline exceeded' : 'request aborted');
    (error as Error & { code: string }).code = reason === 'timeout' ? 'REQUEST_TIMEOUT' : 'ABORTED';
    this.controller.abort(error);
  }

  /** Clears the timer and the parent listener; call when the exchange is over. */
  dispose(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.parent?.removeEventListener('abort', this.onParentAbort);
  }
}
