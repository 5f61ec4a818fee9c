/**
 * Secrets stay secret (issue 7). Real runs through `node dist/cli/main.js`, with the API key
 * from the flag, from the environment and from the suite file, against a target that echoes the
 * key back in bodies, headers, error messages and plain text, and whose presigned PUT fails
 * quoting its signature. Every artefact of each run is then searched for the key and the
 * signature: report.json, report.html, junit.xml, summary.md, stdout, stderr and the
 * $GITHUB_STEP_SUMMARY file. `validate` and usage errors are searched the same way.
 * The keys are deliberately not shaped like Phrony keys (`phk_…`), which are redacted by shape:
 * here only redaction by value can hide them.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../e2e/helpers.js';
import { cleanEnv, spawnCli, type CliExit } from '../signals/spawn-cli.js';
import { ECHO_SIG, startEchoServer, type EchoServer } from './echo-server.js';

let target: EchoServer;
let tmp: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  target = await startEchoServer();
  tmp = await tempDir();
});
afterAll(async () => {
  await target.close();
  await tmp.remove();
});

interface SuiteOptions {
  /** How the suite gets its key: a template reading the environment, or the key itself. */
  apiKey: string;
  /** Send the key as Authorization and a custom header too (redactHeaders names the latter). */
  customHeaders: boolean;
}

const CUSTOM_HEADERS = `
  headers:
    X-API-Key: \${{ apiKey }}
    Authorization: Bearer \${{ apiKey }}
    X-Tenant-Token: \${{ apiKey }}-tenant
  redactHeaders: [X-Tenant-Token]`;

/** One flow per way of echoing the key, so a failure in one does not hide the others. */
function suiteYaml(name: string, o: SuiteOptions): string {
  return `name: ${name}
target:
  timeout: 5s${o.customHeaders ? CUSTOM_HEADERS : ''}
variables:
  apiKey: "${o.apiKey}"
flows:
  - name: echo_body
    steps:
      - name: start_echo
        request: { method: POST, path: /v1/agents/a1/runs, json: { input: { leaked: "\${{ apiKey }}" } } }
        expect: { body: [{ path: /status, equals: NotThis }] }
  - name: echo_header
    steps:
      - name: read_echo
        request: { method: GET, path: /v1/runs/r1 }
        expect: { headers: { x-echo-key: { equals: nope } } }
  - name: echo_error
    steps:
      - name: denied
        request: { method: GET, path: /v1/denied }
  - name: echo_text
    steps:
      - name: text_echo
        request: { method: GET, path: /v1/text }
        expect: { schema: run }
  - name: echo_query
    steps:
      - name: query_echo
        request: { method: GET, path: /v1/runs/r1, query: { key: "\${{ apiKey }}", note: "\${{ apiKey }}" } }
        expect: { status: 201 }
  - name: echo_poll
    steps:
      - name: poll_echo
        poll:
          request: { method: GET, path: /v1/runs/r1 }
          until: { path: /echo/headers/x-api-key, equals: never }
          interval: 10ms
          maxAttempts: 2
  - name: echo_stream
    steps:
      - name: stream_echo
        stream: { runId: r1, until: engine.never, timeout: 2s }
  - name: echo_transport
    steps:
      - name: reset_echo
        request: { method: GET, path: "/v1/reset/\${{ apiKey }}" }
  - name: upload
    steps:
      - name: up_echo
        upload: { generate: { size: 1KiB, pattern: text }, filename: a.pdf, mediaType: application/pdf, as: doc }
`;
}

/** Every artefact of one run, by name. */
async function artefacts(out: string, summary: string, exit: CliExit): Promise<Record<string, string>> {
  const files: Record<string, string> = { stdout: exit.stdout, stderr: exit.stderr };
  for (const name of ['report.json', 'report.html', 'junit.xml', 'summary.md']) files[name] = await readFile(join(out, name), 'utf8');
  files['$GITHUB_STEP_SUMMARY'] = await readFile(summary, 'utf8');
  return files;
}

function expectClean(files: Record<string, string>, secrets: string[]): void {
  for (const [name, text] of Object.entries(files)) {
    expect(text.length, `${name} is not empty`).toBeGreaterThan(0);
    for (const secret of secrets) expect(text.includes(secret), `${name} holds ${secret.slice(0, 6)}…`).toBe(false);
  }
}

interface Case {
  source: 'flag' | 'env' | 'suite';
  key: string;
  customHeaders: boolean;
  /** Extra run options: the env case runs under load, in two worker threads. */
  args: string[];
}

const CASES: Case[] = [
  { source: 'flag', key: 'k3y-from-flag-7f3a9c1e0b5d', customHeaders: false, args: [] },
  { source: 'env', key: 'k3y-from-env-2b8e4d6f1a3c', customHeaders: true, args: ['--concurrency', '4', '--iterations', '24', '--workers', '2'] },
  { source: 'suite', key: 'k3y-in-suite-9c0d1e2f3a4b', customHeaders: false, args: [] },
];

async function runCase(c: Case): Promise<{ exit: CliExit; files: Record<string, string> }> {
  const name = `secret-${c.source}`;
  const file = join(tmp.path, `${name}.yaml`);
  const apiKey = c.source === 'suite' ? c.key : '${{ env.PHRONY_API_KEY }}';
  await writeFile(file, suiteYaml(name, { apiKey, customHeaders: c.customHeaders }));
  const out = join(tmp.path, `out-${name}`);
  const summary = join(tmp.path, `${name}-step-summary.md`);
  const args = ['run', file, '--base-url', target.baseUrl, '--out', out, ...c.args];
  if (c.source === 'flag') args.push('--api-key', c.key);
  const env = cleanEnv({ GITHUB_STEP_SUMMARY: summary, ...(c.source === 'env' ? { PHRONY_API_KEY: c.key } : {}) });
  // Without --quiet: the progress lines on stderr are searched too.
  const exit = await spawnCli(args, { cwd: tmp.path, env }).exited;
  return { exit, files: await artefacts(out, summary, exit) };
}

describe('the API key and presigned signatures never reach an artefact', () => {
  it.each(CASES)('key from $source', async (c) => {
    const seenBefore = target.keysSeen.length;
    const { exit, files } = await runCase(c);
    expect(exit.code, exit.stderr).toBe(1);
    // The key really was sent, and the target really did echo things back into the failures.
    expect(target.keysSeen.slice(seenBefore)).toContain(c.key);
    const report = JSON.parse(files['report.json'] ?? '{}') as { run: { workers: number }; failures: Array<{ step: string; samples: string[] }> };
    expect(report.run.workers).toBe(c.args.includes('--workers') ? 2 : 1);
    expect([...new Set(report.failures.map((f) => f.step))].sort()).toEqual(['denied', 'poll_echo', 'query_echo', 'read_echo', 'reset_echo', 'start_echo', 'stream_echo', 'text_echo', 'up_echo']);
    expect(files['report.json']).toContain('[redacted]');
    expectClean(files, [c.key, ECHO_SIG]);
  });
});

describe('validate and usage errors', () => {
  const KEY = 'k3y-usage-1d2c3b4a5f6e';

  it('validate prints located problems of a suite holding a key, never the key', async () => {
    // The key sits where it belongs; the mistakes around it name variables and fields, not values.
    const file = join(tmp.path, 'bad-with-key.yaml');
    await writeFile(file, `name: bad
target: { timeout: soon, headers: { X-API-Key: "\${{ apiKey }}", Authorization: 42 } }
variables:
  apiKey: "${KEY}"
flows:
  - name: f
    steps:
      - name: s
        request: { method: GET, path: "/v1/runs/\${{ apiKy }}" }
        expect: { status: often }
`);
    const exit = await spawnCli(['validate', file], { cwd: tmp.path, env: cleanEnv({ PHRONY_API_KEY: KEY }) }).exited;
    expect(exit.code).toBe(2);
    expect(exit.stderr + exit.stdout).toMatch(/bad-with-key\.yaml:\d+:\d+: error/);
    expect(exit.stderr + exit.stdout).toContain('apiKy');
    expect(exit.stderr + exit.stdout).not.toContain(KEY);
    expect(exit.stderr + exit.stdout).not.toMatch(/\n\s+at /);
  });

  it.each([
    ['a bad option', ['--concurrency', 'zero']],
    ['an unknown option', ['--bogus']],
    ['a suite that does not exist', ['missing.yaml']],
    ['an unreachable target', ['--base-url', 'http://127.0.0.1:9', '--agent-id', 'a1']],
  ])('run --api-key KEY with %s: exit 2 or 5, the key never printed', async (_name, extra) => {
    const args = ['run', '--api-key', KEY, ...extra, '--out', join(tmp.path, 'usage-out'), '--quiet'];
    const exit = await spawnCli(args, { cwd: tmp.path, env: cleanEnv() }).exited;
    expect([2, 5]).toContain(exit.code);
    expect(exit.stderr.length).toBeGreaterThan(0);
    expect(exit.stderr + exit.stdout).not.toContain(KEY);
    expect(exit.stderr + exit.stdout).not.toMatch(/\n\s+at /);
  });

  it('run --api-key without a value is a usage error', async () => {
    const exit = await spawnCli(['run', '--api-key'], { cwd: tmp.path, env: cleanEnv() }).exited;
    expect(exit.code).toBe(2);
    expect(exit.stderr).toContain('--api-key');
  });
});
