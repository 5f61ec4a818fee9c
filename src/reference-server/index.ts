/**
 * The reference Phrony v1 server: an independent in-memory implementation of the public API
 * (phrony-api.md) on node:http. It stands alone: nothing here imports from the harness.
 */
import type { AddressInfo } from 'node:net';
import type { App } from './app.js';
import type { ServerConfigInput } from './config.js';
import { resolveServerConfig } from './config-resolve.js';
import type { FaultConfig } from './faults.js';
import { FaultInjector, faultConfigProblems } from './faults.js';
import { FileLibrary } from './file-library.js';
import { createHttpServer } from './server.js';
import { ServerState } from './state.js';
import { endStreams } from './timeline.js';

export { defaultServerConfig } from './config.js';
export type { AgentConfig, Behaviour, FilesConfig, KeyConfig, ServerConfig, ServerConfigInput, TriggerConfig } from './config.js';
export { ServerConfigError, resolveServerConfig } from './config-resolve.js';
export type { ConfigProblem } from './config-resolve.js';
export type { FaultConfig, LatencyFault } from './faults.js';
export { loadServerConfig } from './load-config.js';

export interface ReferenceServerKeys {
  main: string;
  noUploads: string;
  other: string;
  /** Extra keys declared in the config, by name. */
  [name: string]: string;
}

export interface ReferenceServerAgents {
  complete: string;
  fail: string;
  hitl: string;
  chat: string;
  timer: string;
  file: string;
  limited: string;
  other: string;
  /** Extra agents declared in the config, by name. */
  [name: string]: string;
}

export interface ReferenceServer {
  /** http://<host>:<port> */
  baseUrl: string;
  port: number;
  /** `phk_…` secrets by key name. */
  keys: ReferenceServerKeys;
  /** Agent UUIDs by behaviour name. */
  agents: ReferenceServerAgents;
  /** Replaces the fault injection at runtime; throws on an invalid config. */
  setFaults(faults: FaultConfig): void;
  /** Closes streams and sockets too; resolves when fully closed. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** Port to listen on; 0 = ephemeral. Default 0. */
  port?: number;
  /** Interface to bind. Default 127.0.0.1. */
  host?: string;
  /** Configuration (partial; merged onto defaultServerConfig()). Default: the defaults. */
  config?: ServerConfigInput;
}

function checkedInjector(faults: FaultConfig): FaultInjector {
  const problems = faultConfigProblems(faults);
  if (problems.length > 0) throw new Error(`invalid fault config: ${problems.join('; ')}`);
  return new FaultInjector(faults);
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

export async function startReferenceServer(options: StartOptions = {}): Promise<ReferenceServer> {
  const config = resolveServerConfig(options.config ?? {});
  const host = options.host ?? '127.0.0.1';
  let injector = checkedInjector(config.faults);
  const state = new ServerState(config);
  const app: App = { config, state, files: new FileLibrary(config.files), baseUrl: '' };
  state.alsoSweep.push((nowMs, ttlMs) => app.files.sweep(nowMs, ttlMs));
  const { server, sockets } = createHttpServer(app, () => injector);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  app.baseUrl = `http://${hostForUrl(host)}:${port}`;
  const agents: Record<string, string> = {};
  for (const [name, a] of Object.entries(config.agents)) agents[name] = a.id;
  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      state.shutdown();
      for (const s of state.sessions.values()) endStreams(s);
      server.close(() => resolve());
      server.closeIdleConnections();
      for (const socket of sockets) socket.destroy();
    });
    return closing;
  };
  return {
    baseUrl: app.baseUrl,
    port,
    keys: { ...state.secrets } as ReferenceServerKeys,
    agents: agents as ReferenceServerAgents,
    setFaults: (faults) => {
      injector = checkedInjector(faults);
    },
    close,
  };
}
