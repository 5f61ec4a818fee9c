/**
 * Errors that stop a run before anything is sent: load options that contradict each other or
 * the suite (`--rate` with `--concurrency`, more shards than virtual users, a start too far
 * ahead). The CLI maps them to exit 2 (usage/suite error, nothing run).
 */
export type RunErrorCode = 'LOAD_OVERRIDE_CONFLICT' | 'SHARD_INVALID' | 'START_AT_INVALID';

export class RunError extends Error {
  readonly code: RunErrorCode;
  readonly hint: string | undefined;
  constructor(code: RunErrorCode, message: string, hint?: string) {
    super(message);
    this.name = 'RunError';
    this.code = code;
    this.hint = hint;
  }
}
