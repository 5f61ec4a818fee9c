/**
 * `phrony-harness serve [--port N] [--host H] [--config file.yaml]`: runs the reference server
 * until interrupted. The first stdout line is one JSON object {baseUrl, keys, agents} so that
 * scripts can start it and read where and how to call it.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT } from '../exit-codes.js';
import type { Command } from '../io.js';
import { ServerConfigError, loadServerConfig, startReferenceServer } from '../../reference-server/index.js';
import type { ServerConfig } from '../../reference-server/index.js';

const HELP = `phrony-harness serve [--port N] [--host H] [--config file.yaml]
  --port N        port to listen on (default 0: an ephemeral port)
  --host H        interface to bind (default 127.0.0.1)
  --config FILE   YAML server config (agents, keys, limits, faults); see src/reference-server/README.md
`;

interface ServeArgs {
  port: number;
  host: string;
  config?: string;
}

function parse(argv: string[]): ServeArgs | string {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { port: { type: 'string' }, host: { type: 'string' }, config: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    return (err as Error).message;
  }
  if (values.help === true) return '';
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535 || (values.port !== undefined && !/^\d+$/.test(values.port))) {
    return `--port must be an integer from 0 to 65535`;
  }
  return { port, host: values.host ?? '127.0.0.1', ...(values.config === undefined ? {} : { config: values.config }) };
}

function waitForAbort(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((done) => signal.addEventListener('abort', () => done(), { once: true }));
}

export const command: Command = async (argv, io) => {
  const args = parse(argv);
  if (typeof args === 'string') {
    if (args === '') {
      io.stdout(HELP);
      return EXIT.pass;
    }
    io.stderr(`phrony-harness serve: ${args}\n\n${HELP}`);
    return EXIT.usage;
  }
  let config: ServerConfig | undefined;
  try {
    if (args.config !== undefined) config = await loadServerConfig(resolve(io.cwd, args.config));
  } catch (err) {
    const lines = err instanceof ServerConfigError ? err.rendered : [(err as Error).message];
    io.stderr(`phrony-harness serve: invalid config\n  ${lines.join('\n  ')}\n`);
    return EXIT.usage;
  }
  let server;
  try {
    server = await startReferenceServer({ port: args.port, host: args.host, ...(config === undefined ? {} : { config }) });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'ERROR';
    io.stderr(`phrony-harness serve: cannot listen on ${args.host}:${args.port} (${code})\n`);
    return EXIT.aborted;
  }
  io.stdout(`${JSON.stringify({ baseUrl: server.baseUrl, keys: server.keys, agents: server.agents })}\n`);
  io.stderr(`reference server listening on ${server.baseUrl} (Ctrl+C to stop)\n`);
  await waitForAbort(io.signal);
  await server.close();
  io.stderr('reference server closed\n');
  return EXIT.pass;
};
