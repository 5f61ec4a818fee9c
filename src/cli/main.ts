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

/**
 * Ends the process at once by `sig` itself (shells report 128 + the signal: 130 for SIGINT).
 * process.exit() is not enough: it runs libuv's exit-time cleanup, which joins the thread pool
 * and so waits forever behind a blocked file operation (a step summary on a FIFO or a hung
 * mount), the very shutdown the second signal must cut short.
 */
function dieBy(sig: NodeJS.Signals): void {
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, sig);
}

function watchSignals(controller: AbortController): void {
  let received = 0;
  const onSignal = (sig: NodeJS.Signals): void => {
    received += 1;
    if (received > 1) {
      // Writes to a terminal, file or pipe are synchronous on Linux: the line is out before we die.
      process.stderr.write(`\nphrony-harness: second ${sig}, exiting now\n`);
      dieBy(sig);
      return;
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
