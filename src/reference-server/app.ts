/** What every route handler gets: the state, the file library and the server's own address. */
import type { ServerConfig } from './config.js';
import type { FileLibrary } from './file-library.js';
import type { Ctx } from './http-io.js';
import { deviates } from './deviations.js';
import { HttpError } from './http-io.js';
import type { KeyRecord } from './model.js';
import type { ServerState } from './state.js';

export interface App {
  config: ServerConfig;
  state: ServerState;
  files: FileLibrary;
  /** http://host:port of this server (upload URLs point here). */
  baseUrl: string;
}

export type Handler = (ctx: Ctx, app: App, params: string[]) => void | Promise<void>;

/** The key from X-API-Key; 401 when missing or unknown (the value is never echoed). */
export function authenticate(ctx: Ctx, app: App): KeyRecord {
  const header = ctx.req.headers['x-api-key'];
  if (header === undefined || header === '') throw new HttpError(401, 'Missing X-API-Key header');
  const key = typeof header === 'string' ? app.state.keysBySecret.get(header) : undefined;
  if (key === undefined) throw new HttpError(deviates(app.config, 'invalid-key-403') ? 403 : 401, 'Invalid API key');
  return key;
}
