/**
 * Coverage areas: groups of requirements that need something only the caller can provide
 * (a second key, a HITL agent, …). An area whose prerequisites are missing is reported as not
 * covered, never as failed.
 */
import type { CertifyTarget } from './types.js';

export interface AreaDef {
  name: string;
  description: string;
  /** The flags that provide the prerequisites, for the report and the docs. */
  prerequisites: string[];
  /** True when the target provides what the area needs. */
  available(target: CertifyTarget): boolean;
}

const has = (v: unknown): boolean => v !== undefined && v !== '';

export const AREAS: readonly AreaDef[] = [
  {
    name: 'core', description: 'auth basics, runs, sessions, conversation, stream, uploads, error shapes',
    prerequisites: ['--base-url', '--api-key (uploads allowed)', '--agent-id'], available: () => true,
  },
  { name: 'scope', description: 'keys scoped to another agent are refused', prerequisites: ['--other-api-key'], available: (t) => has(t.otherApiKey) },
  { name: 'no-upload-key', description: 'the "Allow file uploads" flag', prerequisites: ['--no-upload-api-key'], available: (t) => has(t.noUploadApiKey) },
  { name: 'hitl', description: 'approval pause and resume', prerequisites: ['--hitl-agent-id'], available: (t) => has(t.hitlAgentId) },
  { name: 'chat', description: 'chat reply resume', prerequisites: ['--chat-agent-id'], available: (t) => has(t.chatAgentId) },
  { name: 'timer', description: 'skip-agent-wait while waiting', prerequisites: ['--timer-agent-id'], available: (t) => has(t.timerAgentId) },
  { name: 'file-input', description: 'file references in run input', prerequisites: ['--file-agent-id'], available: (t) => has(t.fileAgentId) },
  {
    name: 'rate-limit', description: '429 with Retry-After (opt-in: sends rate-limit + 1 starts)',
    prerequisites: ['--limited-agent-id', '--rate-limit'], available: (t) => has(t.limitedAgentId) && t.rateLimit !== undefined,
  },
  {
    name: 'expiry', description: 'expired upload URLs are refused (opt-in: waits for the expiry)',
    prerequisites: ['--expiry-wait'], available: (t) => t.expiryWaitMs !== undefined && t.expiryWaitMs > 0,
  },
];

export const AREA_NAMES: readonly string[] = AREAS.map((a) => a.name);

/** The area whose flag provides each environment variable the flows suite may read. */
export const ENV_AREAS: Readonly<Record<string, string>> = {
  PHRONY_API_BASE: 'core', PHRONY_API_KEY: 'core', AGENT_ID: 'core',
  PHRONY_OTHER_API_KEY: 'scope', PHRONY_NO_UPLOAD_API_KEY: 'no-upload-key', PHRONY_HITL_AGENT_ID: 'hitl',
  PHRONY_CHAT_AGENT_ID: 'chat', PHRONY_TIMER_AGENT_ID: 'timer', PHRONY_FILE_AGENT_ID: 'file-input',
  PHRONY_LIMITED_AGENT_ID: 'rate-limit',
};
