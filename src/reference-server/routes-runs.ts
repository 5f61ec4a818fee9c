/** E3 poll, E4 conversation, E6/E6' resume, E7 skip-agent-wait (phrony-api.md §5). */
import type { App } from './app.js';
import { authenticate } from './app.js';
import { deviates, flapNow } from './deviations.js';
import { checkResumeFiles } from './file-refs.js';
import type { Ctx } from './http-io.js';
import { HttpError, readBody, requireJsonObject, sendBytes, sendJson } from './http-io.js';
import { isUuid } from './ids.js';
import { answerChat, answerUserTask, resumeAfterTimer } from './lifecycle.js';
import type { RunRecord } from './model.js';
import { TERMINAL } from './model.js';
import { conversationView } from './views.js';

/**
 * Key (401), run id format (400), existence (404), then scope (403): a run of an agent outside
 * the key's scope is 403 (§2.2 "allowed to access that run").
 */
export function scopedRun(ctx: Ctx, app: App, rawId: string): RunRecord {
  const key = authenticate(ctx, app);
  if (!isUuid(rawId)) throw new HttpError(400, 'runId must be a UUID');
  const run = app.state.runs.get(rawId.toLowerCase());
  if (run === undefined) throw new HttpError(deviates(app.config, 'unknown-run-400') ? 400 : 404, 'Run not found');
  const inScope = key.agentIds.has(run.agent.config.id.toLowerCase()) || deviates(app.config, 'run-read-any-key');
  if (!inScope) throw new HttpError(403, 'API key is not allowed to access this run');
  return run;
}

/** The hot path: a Map lookup and precomputed bytes. */
export function getRunRoute(ctx: Ctx, app: App, params: string[]): void {
  const run = scopedRun(ctx, app, params[0] ?? '');
  if (app.config.deviations.length === 0) return sendBytes(ctx, 200, run.pollBody);
  const body = JSON.parse(run.pollBody.toString('utf8')) as Record<string, unknown>;
  if (deviates(app.config, 'poll-missing-output')) delete body['output'];
  if (deviates(app.config, 'terminal-flaps') && TERMINAL.has(run.status) && flapNow(run)) body['status'] = 'Running';
  sendJson(ctx, 200, body);
}

export function conversationRoute(ctx: Ctx, app: App, params: string[]): void {
  const run = scopedRun(ctx, app, params[0] ?? '');
  const mode = new URLSearchParams(ctx.query).get('stepContent') ?? 'full';
  if (mode !== 'full' && mode !== 'slim') throw new HttpError(400, 'stepContent must be "slim" or "full"');
  const slim = mode === 'slim' && !deviates(app.config, 'slim-ignored');
  const view = conversationView(run.session, slim) as { runs: Array<Record<string, unknown>>; items: unknown[] };
  if (deviates(app.config, 'conversation-unordered')) view.items = [...view.items].reverse();
  if (deviates(app.config, 'root-depth-1')) view.runs = view.runs.map((r) => ({ ...r, depth: 1 }));
  sendJson(ctx, 200, view);
}

const FIELD_TYPES: Record<string, (v: unknown) => boolean> = {
  runId: (v) => typeof v === 'string',
  userTaskId: (v) => typeof v === 'string' && isUuid(v),
  approved: (v) => typeof v === 'boolean',
  selectedOptionId: (v) => typeof v === 'string',
  textValue: (v) => typeof v === 'string',
  numberValue: (v) => typeof v === 'number' && Number.isFinite(v),
  metadata: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  text: (v) => typeof v === 'string',
  message: (v) => typeof v === 'string',
  files: (v) => Array.isArray(v),
  completedByEmail: (v) => typeof v === 'string',
  skipAgentWait: (v) => v === true,
};

function checkResumeBody(body: Record<string, unknown>, run: RunRecord): void {
  if (body['runId'] === undefined) throw new HttpError(400, 'runId is required');
  for (const [field, ok] of Object.entries(FIELD_TYPES)) {
    if (body[field] !== undefined && !ok(body[field])) throw new HttpError(400, `${field} has the wrong type or format`);
  }
  if ((body['runId'] as string).toLowerCase() !== run.id) throw new HttpError(400, 'Body runId does not match the runId in the path');
  const reply = (body['text'] ?? body['message'] ?? '') as string;
  const files = (body['files'] ?? []) as unknown[];
  if (body['userTaskId'] === undefined && reply === '' && files.length === 0 && body['skipAgentWait'] !== true) {
    throw new HttpError(400, 'Nothing to resume with: send userTaskId, text/message or files');
  }
}

/** E6 and E6': answers the pause the run is actually in; any other state is 400. */
export async function resumeRoute(ctx: Ctx, app: App, params: string[]): Promise<void> {
  const run = scopedRun(ctx, app, params[0] ?? '');
  const body = await requireJsonObject(ctx, app.config.maxBodyBytes);
  checkResumeBody(body, run);
  const pending = run.pending;
  if (body['skipAgentWait'] === true) throw new HttpError(400, 'skipAgentWait is for the dashboard; use POST /v1/runs/{runId}/skip-agent-wait');
  if (pending === null || pending.kind === 'timer') throw new HttpError(400, `Run is not waiting for input (status ${run.status})`);
  const userTaskId = body['userTaskId'] as string | undefined;
  if (pending.kind === 'hitl') {
    if (userTaskId === undefined) throw new HttpError(400, 'Run waits for a user task: send userTaskId');
    if (userTaskId.toLowerCase() !== pending.userTaskId) throw new HttpError(404, 'User task not found or not pending');
    answerUserTask(app.state, run, pending.userTaskId, body['approved'] !== false);
    if (deviates(app.config, 'hitl-resume-200')) return sendJson(ctx, 200, { status: 'Running' });
  } else {
    if (userTaskId !== undefined) throw new HttpError(404, 'User task not found or not pending');
    const files = checkResumeFiles(body['files'], run.session.tenantId, app.files);
    const reply = (body['text'] ?? body['message'] ?? '') as string;
    if (reply === '' && files.length === 0) throw new HttpError(400, 'Run waits for a reply: send text or files');
    answerChat(app.state, run, reply, files);
  }
  sendJson(ctx, 202, { status: 'Running' });
}

/** E7: no body expected (any body is read within the limit and ignored). */
export async function skipWaitRoute(ctx: Ctx, app: App, params: string[]): Promise<void> {
  const run = scopedRun(ctx, app, params[0] ?? '');
  await readBody(ctx.req, app.config.maxBodyBytes);
  if (run.status !== 'WaitingForTimer' && deviates(app.config, 'skip-wait-always-202')) return sendJson(ctx, 202, { status: run.status });
  if (run.status !== 'WaitingForTimer') throw new HttpError(400, `Run is not waiting for a timer (status ${run.status})`);
  resumeAfterTimer(app.state, run, true);
  sendJson(ctx, 202, { status: 'Running' });
}
