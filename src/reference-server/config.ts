/**
 * Configuration model of the reference server and its defaults. The YAML format
 * (README.md, example-config.yaml) mirrors these types; `resolveServerConfig` merges a partial
 * input onto the defaults and validates the result.
 */
import type { FaultConfig } from './faults.js';

/** How an agent's runs behave once started. */
export type Behaviour = 'complete' | 'fail' | 'hitl' | 'chat' | 'timer' | 'file';

export const BEHAVIOURS: readonly Behaviour[] = ['complete', 'fail', 'hitl', 'chat', 'timer', 'file'];

/** The agent's API trigger (phrony-api.md §8). */
export interface TriggerConfig {
  /** Trigger UUID reported as `triggerId`. Default: a fixed UUID per default agent. */
  id: string;
  /** Accepted starts per rolling 60 s; null = unlimited. Default null (limited agent: 3). */
  rpmLimit: number | null;
  /** Non-terminal runs allowed at once; null = unlimited. Default null (limited agent: 2). */
  maxConcurrentRuns: number | null;
  /** API redaction switch (phrony-api.md §5.6). Default true. */
  exposeStepTimelineToApi: boolean;
}

export interface AgentConfig {
  /** Agent UUID. */
  id: string;
  /** Workspace (tenant) UUID the agent belongs to. Default: `tenantId`. */
  tenantId: string;
  /** Deployed version UUID reported as `agentVersionId`. */
  versionId: string;
  /** Display name reported as `agentName`. Default: the config key. */
  name: string;
  behaviour: Behaviour;
  /** Time each working phase takes before the next status, in ms. Default 80. */
  delayMs: number;
  /** How long a `timer` run stays WaitingForTimer unless skipped, in ms. Default 30000. */
  timerMs: number;
  /** Model name reported in sessions and steps. Default "reference-model-1". */
  llmModel: string;
  trigger: TriggerConfig;
}

export interface KeyConfig {
  /** The `phk_…` secret; null = random per start. Default null. */
  secret: string | null;
  /** Key id, reported as `triggeredBy`. Default: a fixed UUID per default key. */
  id: string;
  /** Workspace the key belongs to. Default: `tenantId`. */
  tenantId: string;
  /** Names of the agents (keys of `agents`) this key may start and read. */
  agents: string[];
  /** "Allow file uploads" (phrony-api.md §2.2). Default false except for main/other. */
  allowUploads: boolean;
}

export interface FilesConfig {
  /** Lifetime of presigned upload URLs, seconds. Default 3600. */
  expiresInSeconds: number;
  /** Largest `maxContentLength` accepted at presign, bytes. Default 10 MiB. */
  maxContentLength: number;
  /** Cap on all uploaded bytes held in memory; PUTs past it get 507. Default 256 MiB. */
  maxTotalBytes: number;
  /** Media types refused at presign (lower case, exact). Default: executables, HTML, scripts. */
  blockedMediaTypes: string[];
  /** HMAC key for upload URLs; null = random per start. Default null. */
  signingSecret: string | null;
  /** Encryption header every PUT must carry. Default x-amz-server-side-encryption: AES256. */
  encryptionHeader: { name: string; value: string };
}

export interface ServerConfig {
  /** The main workspace UUID (used in objectKeys and session `tenantId`). */
  tenantId: string;
  agents: Record<string, AgentConfig>;
  keys: Record<string, KeyConfig>;
  /** Largest JSON request body, bytes; larger gets 413. Default 1 MiB. */
  maxBodyBytes: number;
  /** Comment heartbeat period on SSE streams, ms. Default 15000. */
  heartbeatMs: number;
  retention: {
    /** Sessions kept; beyond it the oldest terminal sessions are evicted. Default 10000. */
    maxSessions: number;
    /** Terminal sessions are evicted this long after they finish, seconds. Default 3600. */
    ttlSeconds: number;
  };
  files: FilesConfig;
  faults: FaultConfig;
  /** Deviation switches (deviations.ts), each breaking one documented behaviour. Default none. */
  deviations: string[];
}

/** Any part of a ServerConfig; missing parts take their defaults (a full ServerConfig fits). */
export interface ServerConfigInput {
  tenantId?: string;
  agents?: Record<string, DeepPartial<AgentConfig>>;
  keys?: Record<string, DeepPartial<KeyConfig>>;
  maxBodyBytes?: number;
  heartbeatMs?: number;
  retention?: Partial<ServerConfig['retention']>;
  files?: DeepPartial<FilesConfig>;
  faults?: FaultConfig;
  deviations?: string[];
}

export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

export const MAIN_TENANT = '7d1e4a52-0b6c-4f0e-9a43-5c2f8e1b9a01';
export const OTHER_TENANT = '7d1e4a52-0b6c-4f0e-9a43-5c2f8e1b9a02';

const DEFAULT_AGENTS: ReadonlyArray<[string, Behaviour, string]> = [
  ['complete', 'complete', '11111111-1111-4111-8111-000000000001'],
  ['fail', 'fail', '11111111-1111-4111-8111-000000000002'],
  ['hitl', 'hitl', '11111111-1111-4111-8111-000000000003'],
  ['chat', 'chat', '11111111-1111-4111-8111-000000000004'],
  ['timer', 'timer', '11111111-1111-4111-8111-000000000005'],
  ['file', 'file', '11111111-1111-4111-8111-000000000006'],
  ['limited', 'complete', '11111111-1111-4111-8111-000000000007'],
  ['other', 'complete', '11111111-1111-4111-8111-000000000008'],
];

function defaultAgent(name: string, behaviour: Behaviour, id: string): AgentConfig {
  const suffix = id.slice(-12);
  return {
    id,
    tenantId: name === 'other' ? OTHER_TENANT : MAIN_TENANT,
    versionId: `22222222-2222-4222-8222-${suffix}`,
    name,
    behaviour,
    delayMs: 80,
    timerMs: 30_000,
    llmModel: 'reference-model-1',
    trigger: {
      id: `33333333-3333-4333-8333-${suffix}`,
      rpmLimit: name === 'limited' ? 3 : null,
      maxConcurrentRuns: name === 'limited' ? 2 : null,
      exposeStepTimelineToApi: true,
    },
  };
}

/** A fresh default configuration (safe to mutate). */
export function defaultServerConfig(): ServerConfig {
  const agents: Record<string, AgentConfig> = {};
  for (const [name, behaviour, id] of DEFAULT_AGENTS) agents[name] = defaultAgent(name, behaviour, id);
  const scoped = DEFAULT_AGENTS.map(([name]) => name).filter((n) => n !== 'other');
  return {
    tenantId: MAIN_TENANT,
    agents,
    keys: {
      main: { secret: null, id: '44444444-4444-4444-8444-000000000001', tenantId: MAIN_TENANT, agents: [...scoped], allowUploads: true },
      noUploads: { secret: null, id: '44444444-4444-4444-8444-000000000002', tenantId: MAIN_TENANT, agents: [...scoped], allowUploads: false },
      other: { secret: null, id: '44444444-4444-4444-8444-000000000003', tenantId: OTHER_TENANT, agents: ['other'], allowUploads: true },
    },
    maxBodyBytes: 1024 * 1024,
    heartbeatMs: 15_000,
    retention: { maxSessions: 10_000, ttlSeconds: 3600 },
    files: {
      expiresInSeconds: 3600,
      maxContentLength: 10 * 1024 * 1024,
      maxTotalBytes: 256 * 1024 * 1024,
      blockedMediaTypes: [
        'application/x-msdownload', 'application/x-msdos-program', 'application/x-dosexec',
        'application/vnd.microsoft.portable-executable', 'application/x-executable',
        'application/x-sh', 'application/x-csh', 'application/java-archive',
        'application/javascript', 'text/javascript', 'text/html', 'application/xhtml+xml',
        'image/svg+xml',
      ],
      signingSecret: null,
      encryptionHeader: { name: 'x-amz-server-side-encryption', value: 'AES256' },
    },
    faults: {},
    deviations: [],
  };
}
