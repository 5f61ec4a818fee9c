/**
 * Everything a command may use from its process, passed in explicitly so that only
 * src/cli/main.ts touches `process` and commands can be driven in-process by tests.
 */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** True when stdout is an interactive terminal (live progress view). */
  isTTY: boolean;
  /** Terminal width in columns, when known. */
  columns?: number;
  /**
   * Aborted on the first SIGINT/SIGTERM: a command cancels in-flight work and writes what it
   * has (a partial report). A second signal ends the process at once (main.ts does that).
   */
  signal: AbortSignal;
}

export type Command = (argv: string[], io: CliIo) => Promise<number>;
