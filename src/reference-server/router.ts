/** The route table: path pattern → handler per method; 404 for unknown paths, 405 (+Allow) for wrong methods. */
import type { Handler } from './app.js';
import { finalize, presign } from './routes-files.js';
import { listSessionsRoute, startRunRoute } from './routes-agents.js';
import { conversationRoute, getRunRoute, resumeRoute, skipWaitRoute } from './routes-runs.js';
import { upload } from './routes-storage.js';
import { streamRoute } from './routes-stream.js';

interface Route {
  pattern: RegExp;
  methods: Record<string, Handler>;
  allow: string;
}

function route(pattern: RegExp, methods: Record<string, Handler>): Route {
  return { pattern, methods, allow: Object.keys(methods).join(', ') };
}

// Ordered by traffic: polling first.
const ROUTES: Route[] = [
  route(/^\/v1\/runs\/([^/]+)$/, { GET: getRunRoute }),
  route(/^\/v1\/agents\/([^/]+)\/runs$/, { POST: startRunRoute }),
  route(/^\/v1\/runs\/([^/]+)\/conversation$/, { GET: conversationRoute }),
  route(/^\/v1\/runs\/([^/]+)\/stream$/, { GET: streamRoute }),
  route(/^\/v1\/runs\/([^/]+)\/(?:messages|input)$/, { POST: resumeRoute }),
  route(/^\/v1\/runs\/([^/]+)\/skip-agent-wait$/, { POST: skipWaitRoute }),
  route(/^\/v1\/agents\/([^/]+)\/sessions$/, { GET: listSessionsRoute }),
  route(/^\/v1\/file-library\/presign$/, { POST: presign }),
  route(/^\/v1\/file-library\/finalize$/, { POST: finalize }),
  route(/^\/_storage\/(.+)$/, { PUT: upload }),
];

export type Match =
  | { kind: 'handler'; handler: Handler; params: string[] }
  | { kind: 'method'; allow: string }
  | { kind: 'none' };

export function match(method: string, path: string): Match {
  for (const r of ROUTES) {
    const m = r.pattern.exec(path);
    if (m === null) continue;
    const handler = r.methods[method];
    if (handler === undefined) return { kind: 'method', allow: r.allow };
    return { kind: 'handler', handler, params: m.slice(1) as string[] };
  }
  return { kind: 'none' };
}
