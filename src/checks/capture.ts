import type { Exchange } from '../http/types.js';
import type { CaptureSpec } from '../suite/types.js';
import { resolvePath } from './path.js';

export interface Captures {
  values: Record<string, unknown>;
  /** Capture names whose source was absent (no JSON body, no such path or header). */
  missing: string[];
}

/** Values a step captures from its response: body paths (parsed JSON) or header values. */
export function extractCaptures(spec: Record<string, CaptureSpec>, exchange: Exchange): Captures {
  const values: Record<string, unknown> = {};
  const missing: string[] = [];
  for (const [name, source] of Object.entries(spec)) {
    if (source.from === 'header') {
      const value = exchange.headers[source.name.toLowerCase()];
      if (value === undefined) missing.push(name);
      else values[name] = value;
      continue;
    }
    const found = exchange.json === undefined ? { found: false } : resolvePath(exchange.json, source.path);
    if (found.found) values[name] = found.value;
    else missing.push(name);
  }
  return { values, missing };
}
