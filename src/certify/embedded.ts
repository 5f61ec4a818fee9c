/**
 * Certifying the embedded reference server: every area covered, and short timings (fast
 * agents, a one-second upload URL lifetime) so that a full certification takes seconds. Used
 * by `certify` without --base-url (a demo) and by the deviation self-test.
 */
import { startReferenceServer } from '../reference-server/index.js';
import type { ReferenceServer, ServerConfigInput } from '../reference-server/index.js';
import type { CertifyTarget, CertifyTimings } from './types.js';

/** Phase delay of every agent, ms. */
const DELAY_MS = 20;

export const EMBEDDED_TIMINGS: Partial<CertifyTimings> = {
  requestTimeoutMs: 5000,
  runTimeoutMs: 5000,
  pollIntervalMs: 25,
  stablePolls: 3,
  streamGraceMs: 500,
};

/** The server config certify uses: fast agents, a long timer (it is skipped), short URL expiry. */
export function embeddedConfig(deviations: readonly string[] = []): ServerConfigInput {
  const fast = { delayMs: DELAY_MS };
  return {
    agents: {
      complete: fast, fail: fast, hitl: fast, chat: fast, file: fast, limited: fast,
      timer: { delayMs: DELAY_MS, timerMs: 60_000 },
    },
    files: { expiresInSeconds: 1 },
    deviations: [...deviations],
  };
}

/** The target that covers every area of the plan on a reference server. */
export function embeddedTarget(server: ReferenceServer): CertifyTarget {
  return {
    baseUrl: server.baseUrl,
    apiKey: server.keys.main,
    agentId: server.agents.complete,
    otherApiKey: server.keys.other,
    noUploadApiKey: server.keys.noUploads,
    hitlAgentId: server.agents.hitl,
    chatAgentId: server.agents.chat,
    timerAgentId: server.agents.timer,
    fileAgentId: server.agents.file,
    limitedAgentId: server.agents.limited,
    // The limited agent allows 3 starts a minute (reference-server README).
    rateLimit: 3,
    expiryWaitMs: 10_000,
  };
}

export async function startEmbedded(deviations: readonly string[] = []): Promise<{ server: ReferenceServer; target: CertifyTarget }> {
  const server = await startReferenceServer({ port: 0, host: '127.0.0.1', config: embeddedConfig(deviations) });
  return { server, target: embeddedTarget(server) };
}
