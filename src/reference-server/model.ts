/** In-memory records of sessions, runs, timeline items and keys. */
import type { ServerResponse } from 'node:http';
import type { AgentConfig } from './config.js';

export type RunStatus = 'Running' | 'WaitingForHITL' | 'WaitingForResponse' | 'WaitingForTimer' | 'Completed' | 'Failed';

export const TERMINAL: ReadonlySet<string> = new Set(['Completed', 'Failed']);

export interface KeyRecord {
  name: string;
  id: string;
  tenantId: string;
  /** Agent ids (lower case) in scope. */
  agentIds: Set<string>;
  allowUploads: boolean;
}

export interface AgentRecord {
  name: string;
  config: AgentConfig;
  /** Sessions of this agent, oldest first (Set keeps insertion order and deletes in O(1)). */
  sessions: Set<SessionRecord>;
  /** Accepted start times (ms) within the last minute, oldest first. */
  recentStarts: number[];
  /** Runs of this agent not yet terminal. */
  activeRuns: number;
}

/** What a waiting run expects to be resumed with. */
export type Pending =
  | { kind: 'hitl'; userTaskId: string }
  | { kind: 'chat' }
  | { kind: 'timer'; timer: NodeJS.Timeout }
  | null;

export interface RunRecord {
  id: string;
  session: SessionRecord;
  agent: AgentRecord;
  status: RunStatus;
  output: unknown;
  error: string | null;
  totalTokensUsed: number;
  startedAt: string;
  finishedAt: string | null;
  input: Record<string, unknown>;
  triggeredBy: string;
  /** Next per-run step sequence number. */
  nextSequence: number;
  pending: Pending;
  /** Precomputed GET /v1/runs/{id} body, rebuilt on every change (keeps polling cheap). */
  pollBody: Buffer;
}

export interface TimelineItem {
  runId: string;
  id: string;
  sequence: number;
  ordinal: number;
  type: string;
  content: unknown;
  tokensUsed: number | null;
  error: string | null;
  startedAt: string;
  finishedAt: string;
}

export interface SseEvent {
  ts: string;
  kind: 'session' | 'run' | 'step' | 'user_task';
  subject: string;
  data: unknown;
}

export interface SessionRecord {
  id: string;
  agent: AgentRecord;
  tenantId: string;
  /** Id of the root run (the one started by the API). */
  rootRunId: string;
  runs: RunRecord[];
  items: TimelineItem[];
  /** SSE events emitted so far, replayed to late clients (encoded on demand: objects share the items). */
  backlog: SseEvent[];
  streams: Set<ServerResponse>;
  /** When the root run ended (ms since epoch); null while live. Drives retention. */
  finishedAtMs: number | null;
}
