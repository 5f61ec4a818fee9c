/**
 * Failed checks, aggregated by (flow, step, check, message) so a run with a million identical
 * failures keeps one record with a count and a few samples.
 */
import type { FailureRecord } from '../report/model.js';
import type { CheckOutcome, StepRef } from './recorder.js';

/** Redacted body excerpts kept per failure record. */
export const MAX_FAILURE_SAMPLES = 3;
/** Largest sample kept, in UTF-8 bytes (longer samples are cut and marked with "…"). */
export const MAX_SAMPLE_BYTES = 2048;
/**
 * Distinct failure records kept per recorder. Messages can carry ids that make every failure
 * distinct; past this cap new messages are folded into one record per (flow, step, check) so
 * memory stays bounded.
 */
export const MAX_FAILURE_RECORDS = 500;
export const FOLDED_MESSAGE = 'further distinct failure messages (not kept separately)';

/** Cuts `text` to at most `maxBytes` UTF-8 bytes without splitting a character. */
export function capBytes(text: string, maxBytes = MAX_SAMPLE_BYTES): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  const budget = maxBytes - 3; // room for "…"
  let used = 0;
  let out = '';
  for (const ch of text) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (used + n > budget) break;
    used += n;
    out += ch;
  }
  return `${out}…`;
}

function describe(outcome: CheckOutcome): string {
  if (outcome.message !== undefined && outcome.message !== '') return outcome.message;
  if (outcome.expected !== undefined || outcome.actual !== undefined) {
    return `expected ${short(outcome.expected)}, got ${short(outcome.actual)}`;
  }
  return `${outcome.name} failed`;
}

function short(v: unknown): string {
  const s = v === undefined ? 'nothing' : JSON.stringify(v) ?? String(v);
  return capBytes(s, 200);
}

function keyOf(flow: string, step: string, check: string, message: string): string {
  return JSON.stringify([flow, step, check, message]);
}

export class FailureLog {
  private readonly records = new Map<string, FailureRecord>();

  add(ref: StepRef, outcome: CheckOutcome): void {
    let message = describe(outcome);
    let key = keyOf(ref.flow, ref.step, outcome.name, message);
    if (!this.records.has(key) && this.records.size >= MAX_FAILURE_RECORDS) {
      message = FOLDED_MESSAGE;
      key = keyOf(ref.flow, ref.step, outcome.name, message);
    }
    let rec = this.records.get(key);
    if (rec === undefined) {
      rec = newRecord(ref, outcome, message);
      this.records.set(key, rec);
    }
    rec.count += 1;
    if (outcome.sampleBody !== undefined && rec.samples.length < MAX_FAILURE_SAMPLES) {
      rec.samples.push(capBytes(outcome.sampleBody));
    }
  }

  /** Copies (the snapshot must not change as recording goes on). */
  list(): FailureRecord[] {
    return [...this.records.values()].map((r) => ({ ...r, samples: [...r.samples] }));
  }
}

function newRecord(ref: StepRef, outcome: CheckOutcome, message: string): FailureRecord {
  const rec: FailureRecord = {
    flow: ref.flow,
    step: ref.step,
    check: outcome.name,
    category: outcome.category ?? 'other',
    count: 0,
    message,
    samples: [],
  };
  if (outcome.expected !== undefined) rec.expected = capValue(outcome.expected);
  if (outcome.actual !== undefined) rec.actual = capValue(outcome.actual);
  if (outcome.instancePath !== undefined) rec.instancePath = outcome.instancePath;
  if (outcome.schemaPath !== undefined) rec.schemaPath = outcome.schemaPath;
  if (outcome.request !== undefined) rec.request = { method: outcome.request.method, url: outcome.request.url };
  return rec;
}

/** Keeps small values as they are; a large one (e.g. a whole body) becomes a capped JSON string. */
function capValue(v: unknown): unknown {
  const json = JSON.stringify(v);
  if (json === undefined || Buffer.byteLength(json, 'utf8') <= MAX_SAMPLE_BYTES) return v;
  return capBytes(json);
}

/** Merges failure lists from several recorders/reports: counts add, samples stay ≤ 3. */
export function mergeFailures(lists: readonly FailureRecord[][]): FailureRecord[] {
  const out = new Map<string, FailureRecord>();
  for (const list of lists) {
    for (const r of list) {
      const key = keyOf(r.flow, r.step, r.check, r.message);
      const into = out.get(key);
      if (into === undefined) {
        out.set(key, { ...r, samples: r.samples.slice(0, MAX_FAILURE_SAMPLES) });
        continue;
      }
      into.count += r.count;
      for (const s of r.samples) if (into.samples.length < MAX_FAILURE_SAMPLES) into.samples.push(s);
    }
  }
  return [...out.values()].sort((a, b) => b.count - a.count);
}
