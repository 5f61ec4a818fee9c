/**
 * Everything that changes a run is recorded here: timeline steps (conversation items), SSE
 * events (kept as a backlog and pushed to open streams), status changes, and the precomputed
 * poll body.
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { nowIso } from './ids.js';
import type { RunRecord, RunStatus, SessionRecord, SseEvent, TimelineItem } from './model.js';
import { TERMINAL } from './model.js';

export type EventKind = SseEvent['kind'];

/** Rebuilds the GET /v1/runs/{id} body; called after every change of the run. */
export function refreshPollBody(run: RunRecord): void {
  const body: Record<string, unknown> = {
    runId: run.id,
    status: run.status,
    output: run.output,
    sessionId: run.session.id,
    agentId: run.agent.config.id,
    totalTokensUsed: run.totalTokensUsed,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
  };
  if (run.error !== null) body['error'] = run.error;
  run.pollBody = Buffer.from(JSON.stringify(body));
}

/** Sends one SSE event to the session's backlog and open streams. */
export function emit(session: SessionRecord, kind: EventKind, subject: string, data: object): void {
  const redacted = !session.agent.config.trigger.exposeStepTimelineToApi && (kind === 'step' || kind === 'user_task');
  if (redacted) return;
  const event: SseEvent = { ts: nowIso(), kind, subject, data };
  session.backlog.push(event);
  if (session.streams.size === 0) return;
  const frame = encodeEvent(event);
  for (const res of session.streams) if (!res.destroyed) res.write(frame);
}

/** One SSE frame: a single `data:` line and a blank line (what ts-sdk's parser expects, §10.7). */
export function encodeEvent(event: SseEvent): string {
  return `data: ${JSON.stringify(event)}\n\n`;
}

/** Streams the `stream-never-closes` deviation keeps open; server close destroys their sockets. */
export const keepOpen = new WeakSet<ServerResponse>();

/** Ends every open stream of a session (after SessionCompleted, or on server close). */
export function endStreams(session: SessionRecord): void {
  for (const res of session.streams) if (!keepOpen.has(res)) res.end();
  session.streams.clear();
}

/** Appends a timeline step with the full-mode content stanza and emits it as a `step` event. */
export function addStep(run: RunRecord, type: string, extra: Record<string, unknown>, tokens: number | null = null, error: string | null = null): TimelineItem {
  const session = run.session;
  const sequence = run.nextSequence;
  run.nextSequence += 1;
  const id = randomUUID();
  const ts = nowIso();
  const content = {
    run_id: run.id,
    session_id: session.id,
    tenant_id: session.tenantId,
    agent_id: run.agent.config.id,
    agent_version_id: run.agent.config.versionId,
    event_id: id,
    sequence,
    step_kind: type,
    iteration: 1,
    ...extra,
  };
  if (tokens !== null) run.totalTokensUsed += tokens;
  const item: TimelineItem = {
    runId: run.id, id, sequence, ordinal: session.items.length + 1, type, content,
    tokensUsed: tokens, error, startedAt: ts, finishedAt: ts,
  };
  session.items.push(item);
  emit(session, 'step', `engine.step.${type}`, item);
  return item;
}

/** Changes a run's status (never out of a terminal one) and tells the stream. */
export function setStatus(run: RunRecord, status: RunStatus, subject = `engine.run.${status.toLowerCase()}`): boolean {
  if (TERMINAL.has(run.status)) return false;
  run.status = status;
  refreshPollBody(run);
  emit(run.session, 'run', subject, { runId: run.id, sessionId: run.session.id, status });
  return true;
}

/** Ends a run (Completed or Failed), writes the synthetic rows, and closes the session's streams. */
export function finishRun(run: RunRecord, status: 'Completed' | 'Failed', output: unknown, error: string | null): void {
  if (TERMINAL.has(run.status)) return;
  run.output = output;
  run.error = error;
  run.finishedAt = nowIso();
  run.pending = null;
  run.agent.activeRuns -= 1;
  addStep(run, 'RunCompleted', { status, output, error, total_tokens_used: run.totalTokensUsed }, null, error);
  setStatus(run, status, status === 'Completed' ? 'engine.run.completed' : 'engine.run.failed');
  const session = run.session;
  if (run.id !== session.rootRunId) return;
  session.finishedAtMs = Date.now();
  addStep(run, 'SessionCompleted', { session_id: session.id, status, output, error, total_tokens_used: run.totalTokensUsed }, null, error);
  emit(session, 'session', 'engine.session.completed', { sessionId: session.id, status });
  endStreams(session);
}
