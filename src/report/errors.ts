/** Errors of the report module, each with a stable `code` the CLI maps to an exit code. */
export type ReportErrorCode = 'REPORT_INVALID' | 'REPORT_WRITE_FAILED' | 'MERGE_MISMATCH';

export class ReportError extends Error {
  readonly code: ReportErrorCode;
  /** Where the problem is: a file path, optionally with a JSON pointer (`file#/flows/0`). */
  readonly location?: string;

  constructor(code: ReportErrorCode, message: string, options?: { location?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ReportError';
    this.code = code;
    if (options?.location !== undefined) this.location = options.location;
  }
}

export function isReportError(err: unknown): err is ReportError {
  return err instanceof ReportError;
}
