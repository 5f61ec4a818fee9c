import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerConfigError, defaultServerConfig, loadServerConfig, resolveServerConfig, startReferenceServer } from './index.js';
import { TestClient } from './testing.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ref-config-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function yamlFile(text: string): Promise<string> {
  const file = join(dir, `c${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(file, text);
  return file;
}

async function problemsOf(text: string): Promise<string[]> {
  try {
    await loadServerConfig(await yamlFile(text));
  } catch (err) {
    if (err instanceof ServerConfigError) return err.rendered;
    throw err;
  }
  return [];
}

describe('defaults', () => {
  it('eight agents, three keys with the documented scopes', () => {
    const c = defaultServerConfig();
    expect(Object.keys(c.agents).sort()).toEqual(['chat', 'complete', 'fail', 'file', 'hitl', 'limited', 'other', 'timer']);
    expect(c.keys['main']?.agents).not.toContain('other');
    expect(c.keys['main']?.allowUploads).toBe(true);
    expect(c.keys['noUploads']?.allowUploads).toBe(false);
    expect(c.keys['other']?.agents).toEqual(['other']);
    expect(resolveServerConfig({})).toEqual(c);
  });

  it('returns a fresh object each time', () => {
    const a = defaultServerConfig();
    a.agents['complete']!.delayMs = 1;
    expect(defaultServerConfig().agents['complete']?.delayMs).toBe(80);
  });
});

describe('example-config.yaml', () => {
  it('loads, merges onto the defaults, and serves with it', async () => {
    const file = fileURLToPath(new URL('./example-config.yaml', import.meta.url));
    const config = await loadServerConfig(file);
    expect(config.agents['slow-approver']).toMatchObject({ behaviour: 'hitl', delayMs: 500, name: 'slow-approver' });
    expect(config.agents['timer']?.timerMs).toBe(30_000);
    expect(config.keys['ci']?.secret).toBe('phk_reference_ci_key_0001');
    const server = await startReferenceServer({ config });
    try {
      expect(server.keys['ci']).toBe('phk_reference_ci_key_0001');
      expect(server.agents['slow-approver']).toBe('11111111-1111-4111-8111-0000000000a1');
      const c = new TestClient(server);
      expect((await c.startRun(server.agents['slow-approver'] as string, {}, 'phk_reference_ci_key_0001')).status).toBe(202);
      expect((await c.startRun(server.agents.fail, {}, 'phk_reference_ci_key_0001')).status).toBe(403);
    } finally {
      await server.close();
    }
  });
});

describe('bad configs: every problem, with file:line:col', () => {
  it('reports all problems at once, located', async () => {
    const problems = await problemsOf(['heartbeatMs: fast', 'agents:', '  hitl:', '    delayMs: -1', '    behaviour: dance', 'keys:', '  main:', '    agents: [nobody]', 'faults:', '  errorRate: 3', 'colour: blue', ''].join('\n'));
    expect(problems.some((p) => /:1:\d+: heartbeatMs: must be an integer/.test(p))).toBe(true);
    expect(problems.some((p) => /:4:\d+: agents\.hitl\.delayMs/.test(p))).toBe(true);
    expect(problems.some((p) => /:5:\d+: agents\.hitl\.behaviour: must be one of/.test(p))).toBe(true);
    expect(problems.some((p) => /keys\.main\.agents\.0: unknown agent "nobody"/.test(p))).toBe(true);
    expect(problems.some((p) => /faults\.errorRate: must be a number between 0 and 1/.test(p))).toBe(true);
    expect(problems.some((p) => /colour: unknown field/.test(p))).toBe(true);
  });

  it('YAML syntax errors and unreadable files are clear', async () => {
    expect((await problemsOf('agents: [unclosed\n'))[0]).toMatch(/\.yaml:\d+:\d+: /);
    await expect(loadServerConfig(join(dir, 'missing.yaml'))).rejects.toThrow(/cannot read .*ENOENT/);
  });

  it('duplicate agent ids and bad secrets are refused', () => {
    expect(() => resolveServerConfig({ agents: { fail: { id: '11111111-1111-4111-8111-000000000001' } } })).toThrow(/same id as agent/);
    expect(() => resolveServerConfig({ keys: { main: { secret: 'abc' } } })).toThrow(/keys\.main\.secret/);
  });
});
