/**
 * The live progress view of `run`: on a terminal one line redrawn in place, in CI logs a plain
 * line every few seconds, nothing when quiet. It reads a snapshot of the running figures on a
 * single unref'd timer, so it costs nothing per request and never keeps the process alive.
 */
import { formatPlainLine, formatTtyLine, type ProgressStats } from './progress-format.js';

export type { ProgressStats } from './progress-format.js';

/** Returns the running figures; called once per redraw, never per request. */
export interface ProgressSource {
  (): ProgressStats;
}

export interface ProgressOptions {
  source: ProgressSource;
  /** Where the text goes (the CLI passes stderr's write). */
  write: (s: string) => void;
  /** Redraw one line in place (`\r` + clear line) instead of printing lines. */
  isTTY: boolean;
  /** Terminal width for the TTY line. Default 80. */
  columns?: number;
  /** Print nothing at all. */
  quiet: boolean;
  /** Redraw period in ms. Default 250 on a TTY, 5000 otherwise. */
  intervalMs?: number;
}

export interface ProgressHandle {
  /** Stops the timer (idempotent). `final`: print the last figures and end the line; otherwise erase the TTY line. */
  stop(final?: boolean): void;
}

/** Carriage return and "erase entire line" (CSI 2K). */
export const CLEAR_LINE = '\r\x1b[2K';

export function startProgress(options: ProgressOptions): ProgressHandle {
  if (options.quiet) return { stop: () => undefined };
  const { source, write, isTTY } = options;
  const columns = options.columns ?? 80;
  const intervalMs = options.intervalMs ?? (isTTY ? 250 : 5000);
  let stopped = false;
  const render = (): string => (isTTY ? `${CLEAR_LINE}${formatTtyLine(source(), columns)}` : `${formatPlainLine(source())}\n`);
  const tick = (): void => {
    try {
      write(render());
    } catch {
      // The view is cosmetic: a failing source or closed stream must not take the run down.
      stop(false);
    }
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  if (isTTY) tick();
  function stop(final = false): void {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    try {
      if (final) write(isTTY ? `${render()}\n` : render());
      else if (isTTY) write(CLEAR_LINE);
    } catch {
      // Same as above: nothing to report to; the run's outcome does not depend on this line.
    }
  }
  return { stop };
}
