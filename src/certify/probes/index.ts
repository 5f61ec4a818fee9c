/**
 * Every built-in probe, by name: what suites/conformance.yaml may reference with `check:`.
 * Single-exchange checks (other key refused, uploads flag, HITL/chat/timer resumes, unknown run)
 * are steps of suites/conformance-flows.yaml instead.
 */
import type { Probe } from '../probe.js';
import { authProbe } from './auth.js';
import { conversationProbe } from './conversation.js';
import { errorsProbe } from './errors.js';
import { fileInputProbe } from './file-input.js';
import { lifecycleProbe } from './lifecycle.js';
import { expiryProbe } from './expiry.js';
import { rateLimitProbe } from './rate-limit.js';
import { scopeProbe } from './scope.js';
import { sessionsProbe } from './sessions.js';
import { streamProbe } from './stream.js';
import { uploadsProbe } from './uploads.js';

export const PROBES: readonly Probe[] = [
  authProbe, scopeProbe, lifecycleProbe, conversationProbe, streamProbe, sessionsProbe,
  uploadsProbe, fileInputProbe, rateLimitProbe, expiryProbe, errorsProbe,
];

export function probeByName(name: string): Probe | undefined {
  return PROBES.find((p) => p.name === name);
}

/** Every `<probe>.<check>` a requirement may name. */
export function allChecks(): string[] {
  return PROBES.flatMap((p) => p.checks.map((c) => `${p.name}.${c}`));
}
