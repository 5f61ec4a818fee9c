import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../io.js';
import { command } from './serve.js';

function fakeIo(): { io: CliIo; out: string[]; err: string[]; controller: AbortController; firstLine: Promise<string> } {
  const out: string[] = [];
  const err: string[] = [];
  const controller = new AbortController();
  let resolveFirst: (line: string) => void = () => undefined;
  const firstLine = new Promise<string>((r) => (resolveFirst = r));
  const io: CliIo = {
    stdout: (t) => {
      out.push(t);
      resolveFirst(out.join('').split('\n')[0] ?? '');
    },
    stderr: (t) => void err.push(t),
    env: {},
    cwd: process.cwd(),
    isTTY: false,
    signal: controller.signal,
  };
  return { io, out, err, controller, firstLine };
}

describe('phrony-harness serve', () => {
  it('prints {baseUrl, keys, agents} first, serves, and closes cleanly on abort', async () => {
    const { io, controller, firstLine, err } = fakeIo();
    const exit = command(['--port', '0', '--host', '127.0.0.1'], io);
    const info = JSON.parse(await firstLine) as { baseUrl: string; keys: Record<string, string>; agents: Record<string, string> };
    expect(info.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(info.keys['main']).toMatch(/^phk_/);
    expect(Object.keys(info.agents)).toContain('hitl');
    const res = await fetch(`${info.baseUrl}/v1/agents/${info.agents['complete']}/runs`, {
      method: 'POST', headers: { 'x-api-key': info.keys['main'] ?? '', 'content-type': 'application/json' }, body: '{"input":{}}',
    });
    expect(res.status).toBe(202);
    controller.abort();
    expect(await exit).toBe(0);
    await expect(fetch(`${info.baseUrl}/v1/runs/x`)).rejects.toThrow();
    expect(err.join('')).toContain('closed');
  });

  it('loads a YAML config; a bad config or bad flag is a usage error (2)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'serve-'));
    try {
      await writeFile(join(dir, 'ok.yaml'), 'keys:\n  main:\n    secret: phk_pinned_for_serve_test\n');
      await writeFile(join(dir, 'bad.yaml'), 'heartbeatMs: -3\n');
      const ok = fakeIo();
      const exit = command(['--config', join(dir, 'ok.yaml')], ok.io);
      expect((JSON.parse(await ok.firstLine) as { keys: { main: string } }).keys.main).toBe('phk_pinned_for_serve_test');
      ok.controller.abort();
      expect(await exit).toBe(0);
      const bad = fakeIo();
      expect(await command(['--config', join(dir, 'bad.yaml')], bad.io)).toBe(2);
      expect(bad.err.join('')).toMatch(/bad\.yaml:1:\d+: heartbeatMs/);
      expect(await command(['--port', 'eighty'], fakeIo().io)).toBe(2);
      expect(await command(['--nope'], fakeIo().io)).toBe(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
