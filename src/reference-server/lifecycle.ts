/**
 * Run behaviours: what each kind of agent does after a start, and how waiting runs resume.
 * Every phase is a tracked timer on the state, so close() stops them all.
 */
import { randomUUID } from 'node:crypto';
import { nowIso } from './ids.js';
import type { AgentRecord, KeyRecord, RunRecord, SessionRecord } from './model.js';
import type { ServerState } from './state.js';
import { addStep, emit, finishRun, refreshPollBody, setStatus } from './timeline.js';

/** Creates the session and its root run, records the first step, and schedules the rest. */
export function startRun(state: ServerState, agent: AgentRecord, key: KeyRecord, input: Record<string, unknown>): RunRecord {
  const startedAt = nowIso();
  const runId = randomUUID();
  const session: SessionRecord = {
    id: randomUUID(), agent, tenantId: agent.config.tenantId, rootRunId: runId, runs: [], items: [], backlog: [],
    streams: new Set(), finishedAtMs: null,
  };
  const run: RunRecord = {
    id: runId, session, agent, status: 'Running', output: null, error: null, totalTokensUsed: 0,
    startedAt, finishedAt: null, input, triggeredBy: key.id, nextSequence: 1, pending: null, pollBody: Buffer.alloc(0),
  };
  session.runs.push(run);
  agent.activeRuns += 1;
  refreshPollBody(run);
  state.addSession(session);
  emit(session, 'session', 'engine.session.started', { sessionId: session.id, agentId: agent.config.id });
  emit(session, 'run', 'engine.run.started', { runId: run.id, sessionId: session.id, status: 'Running' });
  addStep(run, 'llm_request_prepared', { model: agent.config.llmModel }, 0);
  state.schedule(agent.config.delayMs, () => firstPhase(state, run));
  return run;
}

function reason(run: RunRecord, message: string): void {
  addStep(run, 'reasoning', { message, preview: message.slice(0, 40), tokens_used: 21 }, 21);
}

function firstPhase(state: ServerState, run: RunRecord): void {
  const behaviour = run.agent.config.behaviour;
  switch (behaviour) {
    case 'complete':
    case 'file':
      reason(run, 'The input is clear; producing the answer.');
      return complete(run, completionOutput(run, {}));
    case 'fail':
      reason(run, 'A tool this agent depends on is unavailable.');
      return finishRun(run, 'Failed', null, 'Simulated failure: the agent could not complete the task');
    case 'hitl':
      return pauseForApproval(run);
    case 'chat':
      reason(run, 'A reply from the user is needed.');
      addStep(run, 'output', { message: 'Please reply to continue.', tokens_used: 5, total_tokens_used: run.totalTokensUsed + 5 }, 5);
      run.pending = { kind: 'chat' };
      setStatus(run, 'WaitingForResponse', 'engine.run.waiting_for_response');
      return;
    case 'timer':
      reason(run, 'Waiting before the next step (phrony_wait).');
      run.pending = { kind: 'timer', timer: state.schedule(run.agent.config.timerMs, () => resumeAfterTimer(state, run, false)) };
      setStatus(run, 'WaitingForTimer', 'engine.run.waiting_for_timer');
      return;
  }
}

function pauseForApproval(run: RunRecord): void {
  reason(run, 'This action needs a human approval.');
  const userTaskId = randomUUID();
  addStep(run, 'UserTaskReq', { user_task_id: userTaskId, kind: 'approval', title: 'Approve the action', status: 'Pending' });
  emit(run.session, 'user_task', 'engine.user_task.created', { userTaskId, runId: run.id, kind: 'approval' });
  run.pending = { kind: 'hitl', userTaskId };
  setStatus(run, 'WaitingForHITL', 'engine.run.waiting_for_hitl');
}

function completionOutput(run: RunRecord, extra: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(run.input);
  return { echo: run.input, summary: `Processed ${keys.length} input field(s) with agent ${run.agent.name}.`, ...extra };
}

function complete(run: RunRecord, output: Record<string, unknown>): void {
  addStep(run, 'output', { tokens_used: 13, total_tokens_used: run.totalTokensUsed + 13 }, 13);
  finishRun(run, 'Completed', output, null);
}

/** Resumes a run after its working delay with the given output fields. */
function resumeThenComplete(state: ServerState, run: RunRecord, extra: Record<string, unknown>): void {
  run.pending = null;
  setStatus(run, 'Running', 'engine.run.resumed');
  state.schedule(run.agent.config.delayMs, () => {
    reason(run, 'Continuing after the pause.');
    complete(run, completionOutput(run, extra));
  });
}

/** HITL answer. The caller has checked that the run waits for this user task. */
export function answerUserTask(state: ServerState, run: RunRecord, userTaskId: string, approved: boolean): void {
  emit(run.session, 'user_task', 'engine.user_task.completed', { userTaskId, runId: run.id, approved });
  resumeThenComplete(state, run, { approved, userTaskId });
}

/** Chat reply. The caller has checked that the run waits for a response. */
export function answerChat(state: ServerState, run: RunRecord, reply: string, files: unknown[]): void {
  resumeThenComplete(state, run, { reply, files });
}

/** Ends a timer wait, either because it elapsed or because it was skipped (E7). */
export function resumeAfterTimer(state: ServerState, run: RunRecord, skipped: boolean): void {
  const pending = run.pending;
  if (pending === null || pending.kind !== 'timer') return;
  if (skipped) state.cancel(pending.timer);
  resumeThenComplete(state, run, { timerSkipped: skipped });
}
