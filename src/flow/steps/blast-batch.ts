/**
 * Batches a blast's responses before they reach the recorder. autocannon delivers tens of
 * thousands of responses a second; calling `recorder.exchange()` for each (five histogram
 * updates) cost about 7 % of its CPU per response. Here a response costs one typed-array
 * increment: responses are counted per status code and per HDR bucket of their latency, and
 * every `windowMs` each distinct (status, bucket) goes to the recorder once, with its count.
 *
 * Exact: a bucket is keyed by its lowest value at the recorder's precision (3 significant
 * digits, 1 µs unit, see createHistogram), so the recorder's histograms end up with the same
 * counts per bucket as if every response had been recorded on its own. The one approximation is
 * time: a batch is placed at the middle of the window it was gathered in (the caller flushes on
 * a timer, so a response costs no clock read), so an over-time bucket boundary may see up to
 * one window (100 ms) of responses on its other side.
 */
import type { Recorder, StepRef } from '../../metrics/recorder.js';

/** Sub-buckets per power of two at 3 significant digits (HdrHistogram's 2048). */
const SUB_BUCKET_BITS = 11;
const SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
const HALF = SUB_BUCKETS >> 1;
/** Latencies are clamped to 2^32 − 1 µs (71 min, above the recorder's one-hour range). */
const MAX_US = 2 ** 32 - 1;
/** Slots in a counts array: bucket 0 (exact below 2048), then 1024 per power of two up to 2^32. */
const SLOTS = SUB_BUCKETS + (32 - SUB_BUCKET_BITS) * HALF;

/** Slot of `us` (rounded, clamped): one per bucket of a 3-significant-digit HDR histogram. */
export function slotOf(us: number): number {
  const v = us <= 0 ? 0 : us >= MAX_US ? MAX_US : Math.round(us);
  if (v < SUB_BUCKETS) return v;
  const shift = 31 - Math.clz32(v) - (SUB_BUCKET_BITS - 1);
  return SUB_BUCKETS + (shift - 1) * HALF + ((v >>> shift) - HALF);
}

/** The lowest value of a slot's bucket: what the recorder is given for it. */
export function slotFloor(slot: number): number {
  if (slot < SUB_BUCKETS) return slot;
  const shift = Math.floor((slot - SUB_BUCKETS) / HALF) + 1;
  return ((slot - SUB_BUCKETS) % HALF + HALF) * 2 ** shift;
}

/** The lowest value of `us`'s bucket in a 3-significant-digit HDR histogram with unit 1. */
export function bucketFloor(us: number): number {
  return slotFloor(slotOf(us));
}

interface StatusCounts {
  status: number;
  counts: Int32Array;
  /** Slots with a non-zero count, in first-seen order. */
  touched: number[];
  /** Every response with this status, flushed or not. */
  total: number;
}

export class ResponseBatcher {
  private readonly byStatus = new Map<number, StatusCounts>();
  private last: StatusCounts | undefined;

  /**
   * @param windowStartMs epoch ms when gathering starts (the first window's start).
   */
  constructor(
    private readonly recorder: Recorder,
    private readonly ref: StepRef,
    private windowStartMs: number,
  ) {}

  /** One response, `latencyUs` after its request. */
  add(status: number, latencyUs: number): void {
    let c = this.last;
    if (c === undefined || c.status !== status) {
      c = this.byStatus.get(status);
      if (c === undefined) {
        c = { status, counts: new Int32Array(SLOTS), touched: [], total: 0 };
        this.byStatus.set(status, c);
      }
      this.last = c;
    }
    c.total += 1;
    const slot = slotOf(latencyUs);
    if (c.counts[slot] === 0) c.touched.push(slot);
    c.counts[slot] = (c.counts[slot] ?? 0) + 1;
  }

  /** Responses gathered so far, by status code. */
  statusCounts(): Map<number, number> {
    const out = new Map<number, number>();
    for (const c of this.byStatus.values()) out.set(c.status, c.total);
    return out;
  }

  /**
   * Records everything gathered since the last flush, placed at the middle of that window, which
   * ends at `nowMs` (epoch ms). Call it on a timer, and once more when the blast ends.
   */
  flush(nowMs: number): void {
    const midMs = (this.windowStartMs + nowMs) / 2;
    this.windowStartMs = nowMs;
    for (const c of this.byStatus.values()) {
      for (const slot of c.touched) {
        const count = c.counts[slot] ?? 0;
        c.counts[slot] = 0;
        const latencyUs = slotFloor(slot);
        this.recorder.exchange(this.ref, { latencyUs, status: c.status, count, startedAtMs: midMs - latencyUs / 1000 });
      }
      c.touched.length = 0;
    }
  }
}
