/**
 * Positions of YAML nodes: maps a path into the parsed data (`['flows', 0, 'steps', 1, 'request']`)
 * back to the line and column of its key or value, so that every problem is located.
 */
import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Document, LineCounter, Node, Pair } from 'yaml';

export type DataPath = ReadonlyArray<string | number>;
export interface Position {
  line: number;
  col: number;
}
/** Which part of the node at a path a problem points at. */
export type Anchor = 'key' | 'value';

interface Found {
  node: Node | null;
  pair?: Pair;
  /** How many path segments were matched. */
  depth: number;
}

export class SourceDoc {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
    private readonly text: string,
  ) {}

  /** Position of an offset in the text (1-based). */
  position(offset: number): Position {
    const safe = Math.max(0, Math.min(offset, this.text.length));
    const { line, col } = this.lines.linePos(safe);
    return { line: Math.max(1, line), col: Math.max(1, col) };
  }

  /** Where the key (for `key`) or the value at `path` stands; the deepest known ancestor if absent. */
  locate(path: DataPath, anchor: Anchor = 'value'): Position {
    const found = this.find(path);
    if (found.depth < path.length) return this.startOf(found.node, found.pair);
    if (anchor === 'key' && found.pair !== undefined) return this.startOf(found.pair.key as Node | null, undefined);
    return this.startOf(found.node, found.pair);
  }

  /**
   * Where `needle` stands inside the source of the scalar at `path`, plus `index` characters;
   * the scalar's start when the needle is not found verbatim (escapes, folded lines).
   */
  locateText(path: DataPath, needle: string, index = 0): Position {
    const found = this.find(path);
    const range = found.depth === path.length ? found.node?.range : undefined;
    if (range === undefined || range === null) return this.locate(path);
    const at = this.text.slice(range[0], range[1]).indexOf(needle);
    return at < 0 ? this.locate(path) : this.position(range[0] + at + index);
  }

  private startOf(node: Node | null | undefined, pair: Pair | undefined): Position {
    const empty = node === null || node === undefined || (isScalar(node) && node.value === null && node.range?.[0] === node.range?.[1]);
    if (empty && pair !== undefined) return this.startOf(pair.key as Node | null, undefined);
    const offset = node?.range?.[0];
    return offset === undefined ? { line: 1, col: 1 } : this.position(offset);
  }

  private find(path: DataPath): Found {
    let node = this.deref(this.doc.contents as Node | null);
    let pair: Pair | undefined;
    let depth = 0;
    for (const segment of path) {
      const next = this.child(node, segment);
      if (next === undefined) break;
      node = this.deref(next.node);
      pair = next.pair;
      depth += 1;
    }
    return pair === undefined ? { node, depth } : { node, pair, depth };
  }

  private child(node: Node | null, segment: string | number): { node: Node | null; pair?: Pair } | undefined {
    if (isMap(node)) {
      for (const item of node.items) {
        if (!isPair(item)) continue;
        const key = isScalar(item.key) ? item.key.value : item.key;
        if (key !== null && String(key) === String(segment)) return { node: item.value as Node | null, pair: item };
      }
      return undefined;
    }
    if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      return item === undefined ? undefined : { node: item as Node | null };
    }
    return undefined;
  }

  private deref(node: Node | null): Node | null {
    if (!isAlias(node)) return node;
    try {
      return (node.resolve(this.doc) as Node | undefined) ?? null;
    } catch {
      // A dangling alias is already a YAML error; fall back to the alias itself.
      return node;
    }
  }
}
