/** A CliIo for driving commands in-process: output is collected, the signal is the test's. */
import type { CliIo } from '../../src/cli/io.js';

export interface CapturedIo extends CliIo {
  out: string[];
  err: string[];
  controller: AbortController;
}

export function captureIo(options: { cwd?: string; env?: Record<string, string | undefined>; columns?: number } = {}): CapturedIo {
  const out: string[] = [];
  const err: string[] = [];
  const controller = new AbortController();
  return {
    out,
    err,
    controller,
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    isTTY: false,
    ...(options.columns !== undefined ? { columns: options.columns } : {}),
    signal: controller.signal,
  };
}
