/**
 * Which deployment a run talks to: `--base-url`, else env PHRONY_API_BASE, else the suite's
 * own `target.baseUrl` (when it renders to something), else the embedded reference server,
 * started here, whose keys and agent ids are handed to the suite as the environment
 * variables the shipped suites read (`${{ env.PHRONY_API_KEY }}`, …).
 */
import { startReferenceServer, type ReferenceServer } from '../reference-server/index.js';
import { renderString, TemplateError } from '../suite/template.js';

export interface ResolvedTarget {
  baseUrl: string;
  embedded: boolean;
  /** Environment variables provided by the embedded server (empty for a real target). */
  env: Record<string, string>;
  /** Stops the embedded server; nothing for a real target. */
  close(): Promise<void>;
}

export interface TargetOptions {
  /** `--base-url`: wins over everything. */
  baseUrl?: string;
  env: Readonly<Record<string, string | undefined>>;
  /** The suite's `target.baseUrl` template, if any. */
  suiteBaseUrl?: string;
}

function suiteBase(template: string | undefined, env: TargetOptions['env']): string | undefined {
  if (template === undefined) return undefined;
  try {
    const url = renderString(template, { vars: {}, captures: {}, env, vu: 0, iteration: 0, flow: '' });
    return url.trim() === '' ? undefined : url;
  } catch (err) {
    // An unset variable in the suite's base URL means "not configured": use the embedded server.
    if (err instanceof TemplateError) return undefined;
    throw err;
  }
}

/** The environment the shipped suites read, pointing at a reference server's keys and agents. */
export function referenceServerEnv(server: ReferenceServer): Record<string, string> {
  return {
    PHRONY_API_BASE: server.baseUrl,
    PHRONY_API_KEY: server.keys.main,
    AGENT_ID: server.agents.complete,
    PHRONY_HITL_AGENT_ID: server.agents.hitl,
    PHRONY_CHAT_AGENT_ID: server.agents.chat,
    PHRONY_TIMER_AGENT_ID: server.agents.timer,
    PHRONY_FILE_AGENT_ID: server.agents.file,
    PHRONY_FAIL_AGENT_ID: server.agents.fail,
  };
}

async function embedded(): Promise<ResolvedTarget> {
  const server = await startReferenceServer({ port: 0, host: '127.0.0.1' });
  return { baseUrl: server.baseUrl, embedded: true, env: referenceServerEnv(server), close: () => server.close() };
}

export async function resolveTarget(options: TargetOptions): Promise<ResolvedTarget> {
  const candidates = [options.baseUrl, options.env['PHRONY_API_BASE'], suiteBase(options.suiteBaseUrl, options.env)];
  const given = candidates.find((url) => url !== undefined && url.trim() !== '');
  if (given !== undefined) {
    return { baseUrl: given.trim(), embedded: false, env: {}, close: async () => {} };
  }
  return embedded();
}
