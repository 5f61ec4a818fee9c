/** JSON views of sessions, runs and conversations (E2, E4), including slim mode and redaction. */
import type { RunRecord, SessionRecord, TimelineItem } from './model.js';

const SLIM_KEYS = ['session_id', 'run_id', 'tenant_id', 'agent_id', 'agent_version_id', 'event_id'];

function sessionTokens(s: SessionRecord): number {
  let total = 0;
  for (const r of s.runs) total += r.totalTokensUsed;
  return total;
}

function rootOf(s: SessionRecord): RunRecord {
  return s.runs.find((r) => r.id === s.rootRunId) ?? (s.runs[0] as RunRecord);
}

/** The session fields shared by E2 items and E4 `session`. */
function sessionCore(s: SessionRecord, redacted: boolean): Record<string, unknown> {
  const root = rootOf(s);
  const a = s.agent.config;
  return {
    id: s.id,
    tenantId: s.tenantId,
    agentId: a.id,
    agentVersionId: a.versionId,
    llmModel: a.llmModel,
    triggerType: 'api',
    triggeredBy: root.triggeredBy,
    triggerId: a.trigger.id,
    triggerName: 'API',
    status: root.status,
    totalTokensUsed: sessionTokens(s),
    output: root.output,
    error: root.error,
    startedAt: root.startedAt,
    finishedAt: root.finishedAt,
    input: redacted ? null : root.input,
    startContext: redacted ? null : { version: a.versionId, userInput: root.input, llmModel: a.llmModel, agentExecutionMode: 'HITL' },
  };
}

export function sessionListItem(s: SessionRecord): Record<string, unknown> {
  return { ...sessionCore(s, false), rootRunId: s.rootRunId, runCount: s.runs.length, entryRunId: s.rootRunId };
}

function runView(r: RunRecord, redacted: boolean): Record<string, unknown> {
  const a = r.agent.config;
  return {
    id: r.id, sessionId: r.session.id, agentId: a.id, agentVersionId: a.versionId, parentRunId: null, depth: 0,
    status: r.status, totalTokensUsed: r.totalTokensUsed,
    output: redacted ? null : r.output, error: redacted ? null : r.error,
    startedAt: r.startedAt, finishedAt: r.finishedAt, triggerType: 'api', triggeredBy: r.triggeredBy,
    triggerId: a.trigger.id, triggerName: 'API', input: redacted ? null : r.input, llmModel: a.llmModel,
    agentName: a.name, versionLabel: 'v1',
  };
}

function slimItem(item: TimelineItem): TimelineItem {
  const c = item.content;
  if (typeof c !== 'object' || c === null || Array.isArray(c)) return item;
  const content: Record<string, unknown> = { ...(c as Record<string, unknown>) };
  for (const k of SLIM_KEYS) delete content[k];
  return { ...item, content };
}

/** E4 body. Redaction (exposeStepTimelineToApi off) keeps only the completion rows, per §5.6. */
export function conversationView(s: SessionRecord, slim: boolean): Record<string, unknown> {
  const redacted = !s.agent.config.trigger.exposeStepTimelineToApi;
  let items = s.items;
  if (redacted) items = items.filter((i) => i.type === 'SessionCompleted' || (i.type === 'RunCompleted' && i.runId === s.rootRunId));
  return {
    session: sessionCore(s, redacted),
    runs: s.runs.map((r) => runView(r, redacted)),
    items: slim ? items.map(slimItem) : items,
  };
}
