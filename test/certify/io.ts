/** A CliIo for driving commands in-process, collecting what they print. */
import type { CliIo } from '../../src/cli/io.js';

export interface CapturedIo extends CliIo {
  out: string[];
  err: string[];
}

export function captureIo(cwd: string, env: Record<string, string | undefined> = {}, signal: AbortSignal = new AbortController().signal): CapturedIo {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out, err, env, cwd, isTTY: false,
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    signal,
  };
}
