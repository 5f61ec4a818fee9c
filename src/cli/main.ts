#!/usr/bin/env node
/**
 * Entry point: argv → command. The only file that touches `process` (exit, env, stdout,
 * signals); commands get a CliIo and return an exit code.
 */
import { EXIT } from './exit-codes.js';
import type { CliIo, Command } from './io.js';
import { commands, usage } from './commands/index.js';

function makeIo(controller: AbortController): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    isTTY: process.stdout.isTTY === true,
    columns: process.stdout.columns,
    signal: controller.signal,
  };
}

function watchSignals(controller: AbortController): void {
  let received = 0;
  const onSignal = (sig: NodeJS.Signals): void => {
    received += 1;
    if (received > 1) {
      process.stderr.write(`\nphrony-harness: second ${sig}, exiting now\n`);
      process.exit(EXIT.interrupted);
    }
    process.stderr.write(`\nphrony-harness: ${sig} received, stopping (again to exit now)\n`);
    controller.abort(sig);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name === undefined ? EXIT.usage : EXIT.pass;
  }
  if (name === '--version' || name === '-v') {
    const { harnessVersion } = await import('../version.js');
    process.stdout.write(`${harnessVersion()}\n`);
    return EXIT.pass;
  }
  const command: Command | undefined = commands[name];
  if (command === undefined) {
    process.stderr.write(`phrony-harness: unknown command "${name}"\n\n${usage()}`);
    return EXIT.usage;
  }
  const controller = new AbortController();
  watchSignals(controller);
  return command(rest, makeIo(controller));
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // A bug in the harness, not a target failure: say so plainly, without secrets.
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`phrony-harness: internal error: ${message}\n`);
    process.exitCode = EXIT.aborted;
  },
);
