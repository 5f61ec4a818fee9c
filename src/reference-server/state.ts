/**
 * The server's whole state: agents, keys, sessions and runs, the timers that drive runs, and
 * bounded retention. Timers are unref'd and tracked so close() can clear them all.
 */
import type { ServerConfig } from './config.js';
import { newKeySecret } from './ids.js';
import type { AgentRecord, KeyRecord, RunRecord, SessionRecord } from './model.js';

export class ServerState {
  readonly agentsById = new Map<string, AgentRecord>();
  readonly agentsByName = new Map<string, AgentRecord>();
  readonly keysBySecret = new Map<string, KeyRecord>();
  /** Secret per key name (handed to the caller of startReferenceServer, never logged). */
  readonly secrets: Record<string, string> = {};
  readonly runs = new Map<string, RunRecord>();
  /** All sessions, oldest first. */
  readonly sessions = new Map<string, SessionRecord>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private sweeper: NodeJS.Timeout | null = null;
  /** Called on every retention sweep with the time and the TTL (the file library's retention). */
  readonly alsoSweep: Array<(nowMs: number, ttlMs: number) => void> = [];
  closed = false;

  constructor(readonly config: ServerConfig) {
    for (const [name, agent] of Object.entries(config.agents)) {
      const rec: AgentRecord = { name, config: agent, sessions: new Set(), recentStarts: [], activeRuns: 0 };
      this.agentsById.set(agent.id.toLowerCase(), rec);
      this.agentsByName.set(name, rec);
    }
    for (const [name, key] of Object.entries(config.keys)) {
      const secret = key.secret ?? newKeySecret();
      this.secrets[name] = secret;
      const agentIds = new Set(key.agents.map((a) => config.agents[a]?.id.toLowerCase() ?? ''));
      this.keysBySecret.set(secret, { name, id: key.id, tenantId: key.tenantId, agentIds, allowUploads: key.allowUploads });
    }
    const sweepMs = Math.min(60_000, config.retention.ttlSeconds * 1000);
    this.sweeper = setInterval(() => this.sweep(Date.now()), sweepMs);
    this.sweeper.unref();
  }

  /** Runs `fn` after `ms` unless the server closes first. */
  schedule(ms: number, fn: () => void): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.closed) fn();
    }, ms);
    timer.unref();
    this.timers.add(timer);
    return timer;
  }

  cancel(timer: NodeJS.Timeout): void {
    clearTimeout(timer);
    this.timers.delete(timer);
  }

  addSession(session: SessionRecord): void {
    this.sessions.set(session.id, session);
    session.agent.sessions.add(session);
    for (const run of session.runs) this.runs.set(run.id, run);
    if (this.sessions.size > this.config.retention.maxSessions) this.evictOldest();
  }

  /** Drops the oldest terminal sessions until the count cap holds (live ones are kept). */
  private evictOldest(): void {
    let excess = this.sessions.size - this.config.retention.maxSessions;
    for (const session of this.sessions.values()) {
      if (excess <= 0) break;
      if (session.finishedAtMs === null) continue;
      this.evict(session);
      excess -= 1;
    }
  }

  /** Drops terminal sessions that finished more than ttlSeconds ago. */
  sweep(nowMs: number): void {
    const ttlMs = this.config.retention.ttlSeconds * 1000;
    const cutoff = nowMs - ttlMs;
    for (const session of this.sessions.values()) {
      if (session.finishedAtMs !== null && session.finishedAtMs <= cutoff) this.evict(session);
    }
    for (const fn of this.alsoSweep) fn(nowMs, ttlMs);
  }

  private evict(session: SessionRecord): void {
    this.sessions.delete(session.id);
    session.agent.sessions.delete(session);
    for (const run of session.runs) this.runs.delete(run.id);
  }

  /** Stops every timer; nothing fires after this. */
  shutdown(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    if (this.sweeper !== null) clearInterval(this.sweeper);
    this.sweeper = null;
  }
}
