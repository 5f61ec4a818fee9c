/**
 * API-trigger limits on run starts: requests per rolling minute and concurrent (non-terminal)
 * runs. A refused start gets 429 with Retry-After in whole seconds.
 */
import { HttpError } from './http-io.js';
import type { AgentRecord } from './model.js';

const WINDOW_MS = 60_000;

/** Throws 429 when a start would exceed the agent's trigger limits. */
export function checkStartLimits(agent: AgentRecord, nowMs: number): void {
  const { rpmLimit, maxConcurrentRuns } = agent.config.trigger;
  if (maxConcurrentRuns !== null && agent.activeRuns >= maxConcurrentRuns) {
    throw new HttpError(429, `Concurrency limit of ${maxConcurrentRuns} running runs reached for this trigger`, { 'retry-after': '1' });
  }
  if (rpmLimit === null) return;
  const starts = agent.recentStarts;
  while (starts.length > 0 && (starts[0] ?? 0) <= nowMs - WINDOW_MS) starts.shift();
  if (starts.length >= rpmLimit) {
    const retryAfter = Math.max(1, Math.ceil(((starts[0] ?? nowMs) + WINDOW_MS - nowMs) / 1000));
    throw new HttpError(429, `Rate limit of ${rpmLimit} requests per minute reached for this trigger`, { 'retry-after': String(retryAfter) });
  }
}

/** Records an accepted start (only needed when an rpm limit applies). */
export function recordStart(agent: AgentRecord, nowMs: number): void {
  if (agent.config.trigger.rpmLimit !== null) agent.recentStarts.push(nowMs);
}
