/**
 * A short sliding window of recent exchanges for the live progress view: a ring of
 * fixed-width slots (each a small histogram and a count), reused as time moves on, so memory
 * stays constant however long the run.
 */
import type { Histogram } from 'hdr-histogram-js';
import { createIntervalHistogram, recordValue } from './histogram.js';

/** How far back the live p95 looks, in ms. */
export const LIVE_WINDOW_MS = 5000;

interface Slot {
  /** Absolute slot number (floor(atMs / slotMs)); -1 when unused. */
  n: number;
  count: number;
  h: Histogram;
}

export class LiveWindow {
  private readonly slots: Slot[];

  constructor(private readonly slotMs: number) {
    const size = Math.ceil(LIVE_WINDOW_MS / slotMs) + 2;
    this.slots = Array.from({ length: size }, () => ({ n: -1, count: 0, h: createIntervalHistogram() }));
  }

  /** `count` identical exchanges (default 1) that started at `atMs`. */
  add(atMs: number, latencyUs: number, count = 1): void {
    const n = Math.floor(atMs / this.slotMs);
    const slot = this.slots[n % this.slots.length];
    if (slot === undefined) return;
    if (slot.n !== n) {
      if (slot.n > n) return; // older than the window: not live any more
      slot.n = n;
      slot.count = 0;
      slot.h.reset();
    }
    slot.count += count;
    recordValue(slot.h, latencyUs, count);
  }

  /** Exchanges per second in the last complete slot before `nowMs`. */
  ratePerSec(nowMs: number): number {
    const last = Math.floor(nowMs / this.slotMs) - 1;
    const slot = this.slots.find((s) => s.n === last);
    return slot === undefined ? 0 : (slot.count * 1000) / this.slotMs;
  }

  /** p95 (µs) of the exchanges in the last ~LIVE_WINDOW_MS before `nowMs`; 0 when none. */
  p95Us(nowMs: number): number {
    const current = Math.floor(nowMs / this.slotMs);
    const oldest = current - Math.ceil(LIVE_WINDOW_MS / this.slotMs);
    const h = createIntervalHistogram();
    for (const s of this.slots) if (s.n >= oldest && s.n <= current) h.add(s.h);
    return h.totalCount === 0 ? 0 : h.getValueAtPercentile(95);
  }
}
