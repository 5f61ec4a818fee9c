/**
 * `message` step: resume a waiting run (phrony-api.md E6/E7, Flow 3). `text` and `files` post
 * a user turn; `approve` first reads the conversation to find the pending user task (the
 * latest `UserTaskReq` item) and answers it; `skip-wait` ends a timer with an empty POST.
 */
import { checkExchange } from '../../checks/expect.js';
import type { Exchange, HttpRequest } from '../../http/types.js';
import type { StepRef } from '../../metrics/recorder.js';
import { renderString, renderValue, type TemplateScope } from '../../suite/template.js';
import type { Expect, MessageStep } from '../../suite/types.js';
import { apiRequest } from '../build-request.js';
import type { FlowContext, IterationState, StepResult } from '../context.js';
import { rendered } from '../guard.js';
import { cachedStepRef, prefixed, recordChecks, recordExchange, recordFailure, recordTransportError, stepRef } from '../record.js';
import { iterationScope } from '../scope.js';
import { checkAndCapture } from './request.js';

/** What a resume answers by default: 202 with the documented `{status, error?}` body. */
const DEFAULT_EXPECT: Expect = { status: [202], schema: 'resume' };

/**
 * The step with the default expectation merged in, made once per step: checkAndCapture caches
 * per expectation object whether it holds templates, so a fresh object per iteration would
 * miss that cache every time.
 */
const withDefaults = new WeakMap<MessageStep, MessageStep>();

function stepWithDefaults(step: MessageStep): MessageStep {
  let merged = withDefaults.get(step);
  if (merged === undefined) {
    merged = { ...step, expect: { ...DEFAULT_EXPECT, ...step.expect } };
    withDefaults.set(step, merged);
  }
  return merged;
}

/** The id of the latest pending user task in a conversation body, if any. */
export function pendingUserTask(conversation: unknown): string | undefined {
  if (typeof conversation !== 'object' || conversation === null) return undefined;
  const items = (conversation as Record<string, unknown>)['items'];
  if (!Array.isArray(items)) return undefined;
  for (let i = items.length - 1; i >= 0; i -= 1) {
    const item = items[i] as Record<string, unknown> | null;
    if (item?.['type'] !== 'UserTaskReq') continue;
    const content = item['content'] as Record<string, unknown> | null;
    const id = content?.['user_task_id'];
    if (typeof id === 'string') return id;
  }
  return undefined;
}

async function findUserTask(ctx: FlowContext, ref: StepRef, state: IterationState, scope: TemplateScope, runId: string): Promise<string | undefined> {
  const exchange = await ctx.client.request(apiRequest(ctx, scope, 'GET', `/v1/runs/${encodeURIComponent(runId)}/conversation`));
  recordExchange(ctx, ref, exchange);
  if (exchange.error !== undefined) {
    recordTransportError(ctx, ref, state, exchange);
    return undefined;
  }
  const outcomes = checkExchange({ status: [200], schema: 'conversation' }, exchange, ctx.schemas, { redactSecrets: ctx.secrets });
  if (!recordChecks(ctx, ref, state, prefixed('conversation', outcomes))) return undefined;
  const id = pendingUserTask(exchange.json);
  if (id === undefined) {
    recordFailure(ctx, ref, state, { name: 'pending user task', category: 'assertion', message: 'no UserTaskReq item with content.user_task_id in the conversation' });
  }
  return id;
}

function resumeRequest(ctx: FlowContext, step: MessageStep, scope: TemplateScope, runId: string, extra: Record<string, unknown>): HttpRequest {
  const path = `/v1/runs/${encodeURIComponent(runId)}/${step.message.endpoint}`;
  return apiRequest(ctx, scope, 'POST', path, { runId, ...extra });
}

/** Builds the request of the step's action; undefined when it cannot be built (already recorded). */
async function actionRequest(ctx: FlowContext, step: MessageStep, state: IterationState, runId: string): Promise<HttpRequest | undefined> {
  const ref = stepRef(state, step.name);
  const scope = iterationScope(ctx, state);
  const action = step.message.action;
  switch (action.type) {
    case 'text':
      return rendered(ctx, ref, state, () => resumeRequest(ctx, step, scope, runId, { text: renderString(action.text, scope) }));
    case 'files':
      return rendered(ctx, ref, state, () => resumeRequest(ctx, step, scope, runId, { files: renderValue(action.files, scope) }));
    case 'skip-wait':
      return apiRequest(ctx, scope, 'POST', `/v1/runs/${encodeURIComponent(runId)}/skip-agent-wait`);
    case 'approve': {
      const userTaskId = await findUserTask(ctx, ref, state, scope, runId);
      if (userTaskId === undefined) return undefined;
      return resumeRequest(ctx, step, scope, runId, { userTaskId, approved: action.approved });
    }
  }
}

export async function runMessageStep(ctx: FlowContext, step: MessageStep, state: IterationState): Promise<StepResult> {
  const ref = cachedStepRef(state, step);
  const runId = rendered(ctx, ref, state, () => renderString(step.message.runId, iterationScope(ctx, state)));
  if (runId === undefined) return 'stop';
  const req = await actionRequest(ctx, step, state, runId);
  if (req === undefined) return 'stop';
  const exchange: Exchange = await ctx.client.request(req);
  recordExchange(ctx, ref, exchange);
  return checkAndCapture(ctx, ref, state, stepWithDefaults(step), exchange);
}
