/** A problem found in a suite file, located to a line and column of that file. */
export interface Problem {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  col: number;
  /** Stable code, e.g. `YAML_TAB_AS_INDENT`, `UNKNOWN_KEY`, `TEMPLATE_UNDEFINED`. */
  code: string;
  message: string;
  hint?: string;
  severity: 'error' | 'warning';
}

/** `file:line:col: error: message`, plus `\n  hint: …` when there is a hint. No trailing newline. */
export function formatProblem(p: Problem): string {
  const head = `${p.file}:${p.line}:${p.col}: ${p.severity}: ${p.message}`;
  return p.hint === undefined ? head : `${head}\n  hint: ${p.hint}`;
}

/** Sorts by position, then message, and drops exact repeats (same place, same message). */
export function sortProblems(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  const unique: Problem[] = [];
  for (const p of problems) {
    const key = `${p.file}\0${p.line}\0${p.col}\0${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(p);
  }
  return unique.sort((a, b) => a.line - b.line || a.col - b.col || cmp(a.message, b.message));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
