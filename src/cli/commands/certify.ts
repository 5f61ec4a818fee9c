/**
 * `phrony-harness certify` (issue 6): conformance certification of a Phrony deployment
 * against suites/conformance.yaml. Without --base-url (and PHRONY_API_BASE) it certifies the
 * embedded reference server with every area covered. Writes the certificate report folder;
 * exits 0 when CERTIFIED, 1 when not, 2 on a usage or plan error, 5 when the target is
 * unreachable, 130 when interrupted. `--verify report.json` checks a certificate's digest.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { certify } from '../../certify/certify.js';
import { verifyCertificate } from '../../certify/digest.js';
import { EMBEDDED_TIMINGS, startEmbedded } from '../../certify/embedded.js';
import { loadPlan } from '../../certify/plan.js';
import type { CertifyTarget, CertifyTimings } from '../../certify/types.js';
import { redactText } from '../../http/redact.js';
import type { Report } from '../../report/model.js';
import { writeReportFolder } from '../../report/write.js';
import { defaultReportDir } from '../../runner/report-dir.js';
import { formatProblem } from '../../suite/problem.js';
import { parseDuration } from '../../suite/duration.js';
import { EXIT } from '../exit-codes.js';
import type { CliIo, Command } from '../io.js';
import { usage } from './index.js';
import { renderCertificate } from '../../certify/render.js';
import { renderSelfTest, runSelfTest } from '../../certify/selftest.js';
import { DEVIATION_NAMES } from '../../reference-server/deviations.js';

const OPTIONS = {
  'base-url': { type: 'string' },
  'api-key': { type: 'string' },
  'agent-id': { type: 'string' },
  'other-api-key': { type: 'string' },
  'no-upload-api-key': { type: 'string' },
  'hitl-agent-id': { type: 'string' },
  'chat-agent-id': { type: 'string' },
  'timer-agent-id': { type: 'string' },
  'file-agent-id': { type: 'string' },
  'limited-agent-id': { type: 'string' },
  'rate-limit': { type: 'string' },
  'expiry-wait': { type: 'string' },
  'poll-interval': { type: 'string' },
  'run-timeout': { type: 'string' },
  plan: { type: 'string' },
  out: { type: 'string' },
  verify: { type: 'string' },
  selftest: { type: 'boolean' },
} as const;

/** Longest wait for a presigned URL to expire that --expiry-wait accepts. */
const MAX_EXPIRY_WAIT_MS = 10_000;
/** Largest --rate-limit: certify sends at most rate-limit + 1 starts. */
const MAX_RATE_LIMIT = 100;

class UsageError extends Error {}

type Values = { [K in Exclude<keyof typeof OPTIONS, 'selftest'>]?: string } & { selftest?: boolean };

function pick(v: Values, io: CliIo, flag: Exclude<keyof typeof OPTIONS, 'selftest'>, env: string): string | undefined {
  const value = v[flag] ?? io.env[env];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function rateLimit(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > MAX_RATE_LIMIT) throw new UsageError(`--rate-limit must be an integer from 1 to ${MAX_RATE_LIMIT}, got "${text}"`);
  return n;
}

function expiryWait(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = parseDuration(/^\d+$/.test(text) ? `${text}s` : text);
  if (ms === undefined || ms <= 0 || ms > MAX_EXPIRY_WAIT_MS) throw new UsageError(`--expiry-wait must be a duration up to 10s (e.g. 5s), got "${text}"`);
  return ms;
}

/** The target from flags and env; undefined when none is given (embedded server). */
function targetOf(v: Values, io: CliIo): CertifyTarget | undefined {
  const baseUrl = pick(v, io, 'base-url', 'PHRONY_API_BASE');
  if (baseUrl === undefined) return undefined;
  const apiKey = pick(v, io, 'api-key', 'PHRONY_API_KEY');
  const agentId = pick(v, io, 'agent-id', 'AGENT_ID') ?? io.env['PHRONY_AGENT_ID'];
  if (apiKey === undefined || agentId === undefined) throw new UsageError('--base-url needs --api-key (PHRONY_API_KEY) and --agent-id (AGENT_ID)');
  const optional: Array<[keyof CertifyTarget, Exclude<keyof typeof OPTIONS, 'selftest'>, string]> = [
    ['otherApiKey', 'other-api-key', 'PHRONY_OTHER_API_KEY'], ['noUploadApiKey', 'no-upload-api-key', 'PHRONY_NO_UPLOAD_API_KEY'],
    ['hitlAgentId', 'hitl-agent-id', 'PHRONY_HITL_AGENT_ID'], ['chatAgentId', 'chat-agent-id', 'PHRONY_CHAT_AGENT_ID'],
    ['timerAgentId', 'timer-agent-id', 'PHRONY_TIMER_AGENT_ID'], ['fileAgentId', 'file-agent-id', 'PHRONY_FILE_AGENT_ID'],
    ['limitedAgentId', 'limited-agent-id', 'PHRONY_LIMITED_AGENT_ID'],
  ];
  const target: Record<string, unknown> = { baseUrl, apiKey, agentId };
  for (const [field, flag, env] of optional) {
    const value = pick(v, io, flag, env);
    if (value !== undefined) target[field] = value;
  }
  const limit = rateLimit(v['rate-limit']);
  if ((limit === undefined) !== (target['limitedAgentId'] === undefined)) throw new UsageError('--limited-agent-id and --rate-limit go together (rate limiting is opt-in)');
  if (limit !== undefined) target['rateLimit'] = limit;
  const wait = expiryWait(v['expiry-wait']);
  if (wait !== undefined) target['expiryWaitMs'] = wait;
  return target as unknown as CertifyTarget;
}

/** --poll-interval (default 1s, as the docs' examples) and --run-timeout (default 30s). */
function timingsOf(v: Values): Partial<CertifyTimings> {
  const out: Partial<CertifyTimings> = {};
  const interval = v['poll-interval'] === undefined ? undefined : parseDuration(v['poll-interval']);
  if (v['poll-interval'] !== undefined && (interval === undefined || interval < 10 || interval > 60_000)) {
    throw new UsageError(`--poll-interval must be a duration from 10ms to 60s, got "${v['poll-interval']}"`);
  }
  if (interval !== undefined) out.pollIntervalMs = interval;
  const timeout = v['run-timeout'] === undefined ? undefined : parseDuration(v['run-timeout']);
  if (v['run-timeout'] !== undefined && (timeout === undefined || timeout < 100 || timeout > 600_000)) {
    throw new UsageError(`--run-timeout must be a duration from 100ms to 10m, got "${v['run-timeout']}"`);
  }
  if (timeout !== undefined) out.runTimeoutMs = timeout;
  return out;
}

function parse(argv: string[]): Values {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: false, strict: true }).values;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

async function verify(file: string, io: CliIo): Promise<number> {
  let report: Report;
  try {
    report = JSON.parse(await readFile(resolve(io.cwd, file), 'utf8')) as Report;
  } catch (err) {
    io.stderr(`phrony-harness certify: cannot read ${file} (${(err as Error).message})\n`);
    return EXIT.usage;
  }
  const ok = verifyCertificate(report);
  io.stdout(ok ? `digest ok: ${report.certification?.digest ?? ''}\n` : 'digest MISMATCH: the certificate was changed or has no digest\n');
  return ok ? EXIT.pass : EXIT.checksFailed;
}

/** The deviation self-test (npm run certify:selftest): exit 0 when every deviation is caught. */
async function selftest(v: Values, io: CliIo): Promise<number> {
  const plan = await loadPlan(v.plan === undefined ? undefined : resolve(io.cwd, v.plan));
  if (!plan.ok) {
    for (const p of plan.problems) io.stderr(`${formatProblem(p)}\n`);
    return EXIT.usage;
  }
  const started = Date.now();
  const result = await runSelfTest(plan.plan, { concurrency: 8 });
  io.stdout(`${renderSelfTest(result)}\n(${DEVIATION_NAMES.length + 1} certifications of the reference server in ${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  return result.baselineCertified && result.caught === result.total ? EXIT.pass : EXIT.checksFailed;
}

async function run(v: Values, io: CliIo): Promise<number> {
  const given = targetOf(v, io);
  const timings = timingsOf(v);
  const planFile = v.plan === undefined ? undefined : isAbsolute(v.plan) ? v.plan : resolve(io.cwd, v.plan);
  const plan = await loadPlan(planFile);
  if (!plan.ok) {
    for (const p of plan.problems) io.stderr(`${formatProblem(p)}\n`);
    return EXIT.usage;
  }
  if (given === undefined) io.stderr('phrony-harness certify: no --base-url (or PHRONY_API_BASE): certifying the embedded reference server\n');
  const embedded = given === undefined ? await startEmbedded() : undefined;
  const target = given ?? embedded?.target;
  if (target === undefined) return EXIT.usage;
  let report: Report;
  try {
    report = await certify({
      target, plan: plan.plan, embedded: embedded !== undefined, signal: io.signal,
      timings: { ...(embedded !== undefined ? EMBEDDED_TIMINGS : {}), ...timings },
    });
  } finally {
    await embedded?.server.close();
  }
  const dir = v.out !== undefined ? resolve(io.cwd, v.out) : defaultReportDir(io.cwd, 'certify', new Date(Date.parse(report.run.startedAt)));
  await writeReportFolder(dir, report);
  const secrets = [target.apiKey, target.otherApiKey, target.noUploadApiKey].filter((s): s is string => s !== undefined);
  io.stdout(`${redactText(renderCertificate(report), secrets)}\nreport: ${dir}\n`);
  return report.verdict.exitCode;
}

export const command: Command = async (argv, io) => {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(usage());
    return EXIT.pass;
  }
  try {
    const v = parse(argv);
    if (v.verify !== undefined) return await verify(v.verify, io);
    if (v.selftest === true) return await selftest(v, io);
    return await run(v, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`phrony-harness certify: ${err.message}\n`);
      return EXIT.usage;
    }
    throw err;
  }
};
