/**
 * The servers the figures run against, each in its own process on the server core:
 * - the fixed-response server: nginx from Debian when `/usr/sbin/nginx` exists (generated
 *   config in a temp dir, `return 200 '{"ok":true}'`), else a node:http child;
 * - a node:http server with a fixed delay (figure 3);
 * - the reference server (`node dist/cli/main.js serve`, figure 2).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchFile, firstJsonLine, killGroup, SERVER_CORE, spawnNode, spawnPinned } from './proc.js';

export interface RunningServer {
  url: string;
  /** What it is, for the results (`nginx 1.22`, `node:http`). */
  label: string;
  stop: () => Promise<void>;
}

const NGINX = '/usr/sbin/nginx';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function waitForPort(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(500) });
      await res.arrayBuffer();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

function nginxConfig(dir: string, port: number): string {
  return `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  keepalive_requests 1000000;
  keepalive_timeout 60s;
  server {
    listen 127.0.0.1:${port};
    location / {
      default_type application/json;
      return 200 '{"ok":true}';
    }
  }
}
`;
}

async function startNginx(): Promise<RunningServer> {
  const dir = await mkdtemp(join(tmpdir(), 'phrony-bench-nginx-'));
  const port = await freePort();
  await writeFile(join(dir, 'nginx.conf'), nginxConfig(dir, port));
  const s = spawnPinned(NGINX, ['-c', join(dir, 'nginx.conf'), '-p', dir], { core: SERVER_CORE });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForPort(url, 5000);
  } catch (err) {
    killGroup(s.child);
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    url,
    label: 'nginx (Debian)',
    stop: async () => {
      killGroup(s.child, 'SIGTERM');
      await Promise.race([s.exited, new Promise((r) => setTimeout(r, 2000))]);
      killGroup(s.child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function startNodeServer(delayMs: number): Promise<RunningServer> {
  const s = spawnNode(benchFile('children/fixed-server.ts'), [String(delayMs)], { core: SERVER_CORE });
  const { url } = await firstJsonLine<{ url: string }>(s, 15_000);
  return {
    url,
    label: delayMs > 0 ? `node:http, ${delayMs} ms delay` : 'node:http',
    stop: async () => {
      killGroup(s.child);
      await s.exited;
    },
  };
}

/** The fixed-response server: nginx when installed, else node:http. */
export function startFixedServer(): Promise<RunningServer> {
  return existsSync(NGINX) ? startNginx() : startNodeServer(0);
}

export function startDelayServer(delayMs: number): Promise<RunningServer> {
  return startNodeServer(delayMs);
}

export interface ReferenceServerInfo extends RunningServer {
  key: string;
  agentId: string;
}

/** `phrony-harness serve` from dist/ with a config whose runs complete in a few ms. */
export async function startReferenceServer(distMain: string): Promise<ReferenceServerInfo> {
  const dir = await mkdtemp(join(tmpdir(), 'phrony-bench-ref-'));
  const config = join(dir, 'config.yaml');
  await writeFile(config, 'agents:\n  complete:\n    delayMs: 5\nretention:\n  maxSessions: 2000\n');
  const s = spawnNode(distMain, ['serve', '--config', config], { core: SERVER_CORE });
  try {
    const info = await firstJsonLine<{ baseUrl: string; keys: { main: string }; agents: { complete: string } }>(s, 15_000);
    return {
      url: info.baseUrl,
      label: 'reference server (phrony-harness serve)',
      key: info.keys.main,
      agentId: info.agents.complete,
      stop: async () => {
        killGroup(s.child);
        await s.exited;
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    killGroup(s.child);
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}
