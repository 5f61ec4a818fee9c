/**
 * Names a step may give in `expect.schema` / `stream.eventSchema`: the file stems and `$id`s
 * of the JSON Schemas shipped under schemas/api/ and schemas/ (the same places the runtime
 * registry, src/checks/schemas.ts, loads from). Read once per process.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { schemasDir } from '../paths.js';

const SUFFIX = '.schema.json';

let cached: { stems: Set<string>; ids: Set<string> } | undefined;

function scan(dir: string, into: { stems: Set<string>; ids: Set<string> }): void {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith(SUFFIX));
  } catch {
    return; // a folder that is not there holds no schemas
  }
  for (const file of files) {
    into.stems.add(file.slice(0, -SUFFIX.length));
    try {
      const id = (JSON.parse(readFileSync(join(dir, file), 'utf8')) as { $id?: unknown }).$id;
      if (typeof id === 'string') into.ids.add(id);
    } catch {
      // An unreadable schema is the registry's to report; its stem still counts here.
    }
  }
}

/** Known stems (e.g. `run`, `start-run`) and `$id`s; both empty when no schemas are installed. */
export function knownSchemas(): { stems: Set<string>; ids: Set<string> } {
  if (cached === undefined) {
    cached = { stems: new Set(), ids: new Set() };
    scan(join(schemasDir, 'api'), cached);
    scan(schemasDir, cached);
  }
  return cached;
}

/** Whether `ref` names a known schema; true when no schemas are installed (nothing to check against). */
export function isKnownSchema(ref: string): boolean {
  const { stems, ids } = knownSchemas();
  if (stems.size === 0) return true;
  const stem = ref.endsWith(SUFFIX) ? ref.slice(0, -SUFFIX.length) : ref;
  return ids.has(ref) || stems.has(stem);
}
