/** E1 start a run and E2 list sessions (phrony-api.md §4). */
import type { App } from './app.js';
import { authenticate } from './app.js';
import { deviates } from './deviations.js';
import { checkInputFileRefs, requireDocument } from './file-refs.js';
import type { Ctx } from './http-io.js';
import { HttpError, readJsonObject, sendJson } from './http-io.js';
import { isUuid } from './ids.js';
import { startRun } from './lifecycle.js';
import type { AgentRecord, KeyRecord, SessionRecord } from './model.js';
import { checkStartLimits, recordStart } from './rate-limit.js';
import { sessionListItem } from './views.js';

/**
 * Key, then agent id format (400), then scope (403). An agent outside the key's scope is 403
 * whether or not it exists, as §2.3 documents for a wrong agentId in the path.
 */
function scopedAgent(ctx: Ctx, app: App, rawId: string): { agent: AgentRecord; key: KeyRecord } {
  const key = authenticate(ctx, app);
  if (!isUuid(rawId)) throw new HttpError(400, 'agentId must be a UUID');
  const id = rawId.toLowerCase();
  const agent = app.state.agentsById.get(id);
  const inScope = key.agentIds.has(id) || deviates(app.config, 'scope-ignored');
  if (agent === undefined || !inScope) throw new HttpError(403, 'API key is not scoped to this agent');
  return { agent, key };
}

export async function startRunRoute(ctx: Ctx, app: App, params: string[]): Promise<void> {
  const { agent, key } = scopedAgent(ctx, app, params[0] ?? '');
  const body = (await readJsonObject(ctx, app.config.maxBodyBytes)) ?? {};
  const input = body['input'] === undefined ? {} : body['input'];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new HttpError(400, 'input must be a JSON object');
  const inputObj = input as Record<string, unknown>;
  if (!deviates(app.config, 'file-ref-unchecked')) {
    if (agent.config.behaviour === 'file') requireDocument(inputObj, agent.config.tenantId, app.files);
    checkInputFileRefs(inputObj, agent.config.tenantId, app.files);
  }
  const now = Date.now();
  if (!deviates(app.config, 'rate-limit-ignored')) startLimits(app, agent, now);
  recordStart(agent, now);
  const run = startRun(app.state, agent, key, inputObj);
  const answer: Record<string, unknown> = {
    sessionId: run.session.id, runId: run.id, status: run.status, totalTokensUsed: run.totalTokensUsed,
    output: run.output, agentId: agent.config.id, triggerId: agent.config.trigger.id,
  };
  if (deviates(app.config, 'start-missing-field')) delete answer['totalTokensUsed'];
  sendJson(ctx, deviates(app.config, 'start-200') ? 200 : 202, answer);
}

/** The trigger limits; the `no-retry-after` deviation drops the header from the 429. */
function startLimits(app: App, agent: AgentRecord, now: number): void {
  try {
    checkStartLimits(agent, now);
  } catch (err) {
    if (err instanceof HttpError && deviates(app.config, 'no-retry-after')) throw new HttpError(err.status, err.message);
    throw err;
  }
}

const INT = /^\d{1,9}$/;

function intParam(params: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = params.get(name);
  if (raw === null) return fallback;
  const n = INT.test(raw) ? Number(raw) : NaN;
  if (!(n >= min && n <= max)) throw new HttpError(400, `${name} must be an integer from ${min} to ${max}`);
  return n;
}

/** Newest first; `total` counts every match before paging. take defaults to 20, at most 100. */
export function listSessionsRoute(ctx: Ctx, app: App, params: string[]): void {
  const { agent } = scopedAgent(ctx, app, params[0] ?? '');
  const q = new URLSearchParams(ctx.query);
  const skip = intParam(q, 'skip', 0, 0, 1e9);
  const take = intParam(q, 'take', 20, 1, 100);
  const versionId = q.get('versionId');
  if (versionId !== null && !isUuid(versionId)) throw new HttpError(400, 'versionId must be a UUID');
  const status = q.get('status');
  const matches: SessionRecord[] = [];
  // Every session of an agent runs its one deployed version: a version filter keeps all or none.
  const versionMatches = versionId === null || agent.config.versionId.toLowerCase() === versionId.toLowerCase();
  for (const s of versionMatches ? agent.sessions : []) {
    if (status !== null && s.runs.find((r) => r.id === s.rootRunId)?.status !== status) continue;
    matches.push(s);
  }
  matches.reverse();
  const from = skip > 0 && deviates(app.config, 'sessions-off-by-one') ? skip + 1 : skip;
  sendJson(ctx, 200, { items: matches.slice(from, from + take).map(sessionListItem), total: matches.length });
}
