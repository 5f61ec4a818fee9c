/**
 * The certify command against real servers: exit codes (0 certified, 1 not, 2 usage),
 * not-covered areas without prerequisites, SHOULD failures as warnings, the four report files
 * (valid report.json, verifiable digest), and no API key in any output or artefact.
 */
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command } from '../../src/cli/commands/certify.js';
import { embeddedConfig } from '../../src/certify/embedded.js';
import { startReferenceServer } from '../../src/reference-server/index.js';
import type { ReferenceServer } from '../../src/reference-server/index.js';
import type { Report } from '../../src/report/model.js';
import { validateReport } from '../../src/report/read.js';
import { captureIo } from './io.js';

let dir: string;
const servers: ReferenceServer[] = [];

async function server(deviations: string[] = []): Promise<ReferenceServer> {
  const s = await startReferenceServer({ port: 0, host: '127.0.0.1', config: embeddedConfig(deviations) });
  servers.push(s);
  return s;
}

/** Core flags only, fast polling. */
function coreArgs(s: ReferenceServer, out: string): string[] {
  return ['--base-url', s.baseUrl, '--api-key', s.keys.main, '--agent-id', s.agents.complete, '--poll-interval', '20ms', '--out', out];
}

async function readCertificate(out: string): Promise<Report> {
  return JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as Report;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'certify-cmd-'));
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await rm(dir, { recursive: true, force: true });
});

describe('certify command', () => {
  it('certifies a conforming target with core flags only; other areas are not covered, not failed', async () => {
    const s = await server();
    const out = join(dir, 'core');
    const io = captureIo(dir);
    expect(await command(coreArgs(s, out), io)).toBe(0);
    const report = await readCertificate(out);
    expect(validateReport(report)).toEqual([]);
    expect(report.kind).toBe('certificate');
    const c = report.certification;
    expect(c?.verdict).toBe('CERTIFIED');
    const byId = new Map(c?.requirements.map((r) => [r.id, r]));
    for (const id of ['AUTH-003', 'AUTH-004', 'HITL-001', 'CHAT-002', 'TIMER-002', 'FILE-004', 'FILE-008', 'RATE-001']) {
      expect(byId.get(id)?.status, id).toBe('not-covered');
      expect(byId.get(id)?.evidence, id).toMatch(/^not covered: needs --/);
    }
    expect(byId.get('AUTH-001')?.status).toBe('pass');
    expect(c?.coverage?.find((a) => a.area === 'hitl')).toMatchObject({ covered: false, prerequisites: ['--hitl-agent-id'] });
    expect(c?.coverage?.find((a) => a.area === 'core')?.covered).toBe(true);
    expect(io.out.join('')).toMatch(/not covered\s+hitl/);
    expect((await readdir(out)).sort()).toEqual(['junit.xml', 'report.html', 'report.json', 'summary.md']);
  }, 20_000);

  it('reports a SHOULD failure as a warning and still certifies (exit 0)', async () => {
    const s = await server(['error-body-text']);
    const out = join(dir, 'should');
    expect(await command(coreArgs(s, out), captureIo(dir))).toBe(0);
    const c = (await readCertificate(out)).certification;
    expect(c?.verdict).toBe('CERTIFIED');
    expect(c?.requirements.find((r) => r.id === 'ERR-001')?.status).toBe('warn');
  }, 20_000);

  it('exits 1 with NOT CERTIFIED when a MUST requirement fails', async () => {
    const s = await server(['start-200']);
    const out = join(dir, 'must');
    const io = captureIo(dir);
    expect(await command(coreArgs(s, out), io)).toBe(1);
    const c = (await readCertificate(out)).certification;
    expect(c?.verdict).toBe('NOT CERTIFIED');
    expect(c?.requirements.find((r) => r.id === 'RUN-001')?.status).toBe('fail');
    expect(io.out.join('')).toContain('verdict: NOT CERTIFIED');
  }, 20_000);

  it('never writes an API key: every artefact and all output of a fully covered run', async () => {
    const s = await server();
    const out = join(dir, 'secrets');
    const io = captureIo(dir);
    const args = [
      ...coreArgs(s, out), '--other-api-key', s.keys.other, '--no-upload-api-key', s.keys.noUploads,
      '--hitl-agent-id', s.agents.hitl, '--chat-agent-id', s.agents.chat, '--timer-agent-id', s.agents.timer,
      '--file-agent-id', s.agents.file, '--limited-agent-id', s.agents.limited, '--rate-limit', '3', '--expiry-wait', '5s',
    ];
    expect(await command(args, io)).toBe(0);
    const report = await readCertificate(out);
    expect(report.certification?.requirements.every((r) => r.status === 'pass')).toBe(true);
    const texts = [io.out.join(''), io.err.join('')];
    for (const f of await readdir(out)) texts.push(await readFile(join(out, f), 'utf8'));
    for (const key of [s.keys.main, s.keys.other, s.keys.noUploads]) {
      for (const t of texts) expect(t.includes(key)).toBe(false);
    }
  }, 20_000);

  it('verifies the digest of a certificate and notices a changed one', async () => {
    const out = join(dir, 'embedded');
    expect(await command(['--out', out], captureIo(dir))).toBe(0);
    const file = join(out, 'report.json');
    const io = captureIo(dir);
    expect(await command(['--verify', file], io)).toBe(0);
    expect(io.out.join('')).toMatch(/^digest ok: [0-9a-f]{64}/);
    const report = await readCertificate(out);
    const first = report.certification?.requirements[0];
    if (first) first.status = 'fail';
    const changed = join(dir, 'changed.json');
    await writeFile(changed, JSON.stringify(report));
    expect(await command(['--verify', changed], captureIo(dir))).toBe(1);
  }, 20_000);

  it('exits 5 when the target is unreachable, still writing the certificate', async () => {
    const out = join(dir, 'unreachable');
    const io = captureIo(dir);
    // Port 1 on loopback: nothing listens, every connection is refused at once.
    const args = ['--base-url', 'http://127.0.0.1:1', '--api-key', 'phk_unreachable0000', '--agent-id', '11111111-1111-4111-8111-000000000001', '--out', out];
    expect(await command(args, io)).toBe(5);
    const c = (await readCertificate(out)).certification;
    expect(c?.verdict).toBe('NOT CERTIFIED');
    expect(io.out.join('')).not.toContain('phk_unreachable0000');
  }, 20_000);

  it('exits 130 when interrupted, with a partial certificate', async () => {
    const s = await server();
    const out = join(dir, 'interrupted');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150).unref();
    const args = [...coreArgs(s, out), '--poll-interval', '1s'];
    expect(await command(args, captureIo(dir, {}, controller.signal))).toBe(130);
    expect((await readCertificate(out)).run.status).toBe('interrupted');
  }, 20_000);

  it('exits 2 on usage errors and on an invalid plan, sending nothing', async () => {
    const cases: string[][] = [
      ['--base-url', 'http://127.0.0.1:9'],
      ['--base-url', 'http://127.0.0.1:9', '--api-key', 'phk_x', '--agent-id', 'a', '--rate-limit', '3'],
      ['--base-url', 'http://127.0.0.1:9', '--api-key', 'phk_x', '--agent-id', 'a', '--expiry-wait', '30s'],
      ['--no-such-flag'],
    ];
    for (const args of cases) {
      const io = captureIo(dir);
      expect(await command(args, io), args.join(' ')).toBe(2);
      expect(io.err.join('')).toMatch(/^phrony-harness certify: /);
    }
    const bad = join(dir, 'bad-plan.yaml');
    await writeFile(bad, 'kind: certification\nname: x\nrequirements:\n  - id: AUTH-001\n    level: MUST\n    section: "§2"\n    area: core\n    check: auth.missingKy\n    statement: s\n');
    const io = captureIo(dir);
    expect(await command(['--plan', bad, '--base-url', 'http://127.0.0.1:9', '--api-key', 'phk_x', '--agent-id', 'a'], io)).toBe(2);
    expect(io.err.join('')).toContain(`${bad}:8:12: error: unknown probe check "auth.missingKy"`);
    expect(io.err.join('')).toContain('did you mean "auth.missingKey"?');
  });
});
