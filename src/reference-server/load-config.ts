/**
 * Reads a YAML server config. Syntax errors and validation problems are reported with
 * file:line:col, all of them at once.
 */
import { readFile } from 'node:fs/promises';
import { LineCounter, isNode, parseDocument } from 'yaml';
import type { ServerConfig } from './config.js';
import { ServerConfigError, resolveServerConfig } from './config-resolve.js';
import type { ConfigProblem } from './config-resolve.js';

type YamlDoc = ReturnType<typeof parseDocument>;

function locate(doc: YamlDoc, lines: LineCounter, path: Array<string | number>): { line: number; col: number } {
  // Walk up the path until a node with a source range is found (a missing field points at its parent).
  for (let n = path.length; n >= 0; n -= 1) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range !== undefined && node.range !== null) {
      return lines.linePos(node.range[0]);
    }
  }
  return { line: 1, col: 1 };
}

/** Loads and validates a YAML config file; throws ServerConfigError with located problems. */
export async function loadServerConfig(file: string): Promise<ServerConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ServerConfigError([{ path: [], message: `cannot read ${file} (${reason})` }], [`${file}: cannot read (${reason})`]);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    const rendered = doc.errors.map((e) => {
      const pos = lines.linePos(e.pos[0]);
      return `${file}:${pos.line}:${pos.col}: ${e.message.split('\n')[0] ?? e.message}`;
    });
    throw new ServerConfigError(doc.errors.map((e) => ({ path: [], message: e.message })), rendered);
  }
  try {
    return resolveServerConfig(doc.toJS() ?? {});
  } catch (err) {
    if (!(err instanceof ServerConfigError)) throw err;
    const located = err.problems.map((p: ConfigProblem) => ({ at: locate(doc, lines, p.path), p }));
    // In file order, so the list reads top to bottom like the YAML.
    located.sort((a, b) => a.at.line - b.at.line || a.at.col - b.at.col);
    const rendered = located.map(({ at, p }) => `${file}:${at.line}:${at.col}: ${p.path.join('.') || '(root)'}: ${p.message}`);
    throw new ServerConfigError(err.problems, rendered);
  }
}
