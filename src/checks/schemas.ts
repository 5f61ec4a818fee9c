import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { AnySchema, ErrorObject, ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FormatsPlugin } from 'ajv-formats';
import { schemasDir } from '../paths.js';

/** A schema check's verdict; failures carry at most MAX_ERRORS errors. */
export type SchemaResult =
  | { valid: true }
  | { valid: false; errors: Array<{ instancePath: string; schemaPath: string; message: string }> };

const MAX_ERRORS = 10;
const SUFFIX = '.schema.json';
/** Searched in this order; the first folder holding a short name wins it. */
const SUBDIRS = ['api', ''];

// ajv-formats is CommonJS: under NodeNext the default import is module.exports, whose `default`
// property is the plugin; either shape is accepted.
const addFormats: FormatsPlugin =
  (addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? (addFormatsModule as unknown as FormatsPlugin);

function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const detail = params.additionalProperty ?? params.unevaluatedProperty;
  const message = error.message ?? error.keyword;
  return typeof detail === 'string' ? `${message}: ${detail}` : message;
}

/**
 * JSON Schemas by `$id` and by short name (file stem: `run`, `sse-event`). Every schema is
 * compiled once, when loaded, so checks on the hot path only run compiled validators and a
 * broken schema is reported before any traffic is sent.
 */
export class SchemaRegistry {
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly shortNames = new Map<string, string>();

  private constructor() {}

  /**
   * Loads every `*.schema.json` in `dir/api/` and `dir/` (default: the package's schemas/).
   * Short names from `api/` win over same-named files in `dir/`; both stay reachable by `$id`.
   * Throws when a file is not JSON or a schema does not compile: that is a packaging error.
   */
  static async load(dir: string = schemasDir): Promise<SchemaRegistry> {
    const registry = new SchemaRegistry();
    const ajv = new Ajv2020({ allErrors: true, strict: false, allowUnionTypes: true });
    addFormats(ajv);
    const files: Array<{ file: string; id: string }> = [];
    const added = new Set<string>();
    // Everything is added before anything compiles, so cross-file $refs resolve in any order.
    for (const sub of SUBDIRS) {
      for (const file of await schemaFiles(join(dir, sub))) {
        const schema = await readSchema(file);
        const id = typeof schema.$id === 'string' ? schema.$id : pathToFileURL(file).href;
        if (!added.has(id)) ajv.addSchema(schema, typeof schema.$id === 'string' ? undefined : id);
        added.add(id);
        files.push({ file, id });
      }
    }
    for (const { file, id } of files) {
      const validate = compile(ajv, id, file);
      registry.validators.set(id, validate);
      const short = basename(file, SUFFIX);
      if (!registry.shortNames.has(short)) registry.shortNames.set(short, id);
    }
    return registry;
  }

  /** The `$id` for a short name or an `$id`; undefined when unknown. */
  resolve(ref: string): string | undefined {
    if (this.validators.has(ref)) return ref;
    const stem = ref.endsWith(SUFFIX) ? ref.slice(0, -SUFFIX.length) : ref;
    return this.shortNames.get(stem);
  }

  /** Validates `data`; an unknown `ref` is a failure naming it, not an exception. */
  validate(ref: string, data: unknown): SchemaResult {
    const id = this.resolve(ref);
    const validate = id === undefined ? undefined : this.validators.get(id);
    if (!validate) return { valid: false, errors: [{ instancePath: '', schemaPath: '', message: `unknown schema "${ref}"` }] };
    if (validate(data)) return { valid: true };
    const errors = (validate.errors ?? []).slice(0, MAX_ERRORS).map((e) => ({
      instancePath: e.instancePath,
      schemaPath: e.schemaPath,
      message: describe(e),
    }));
    return { valid: false, errors };
  }

  /** Short names, sorted. */
  names(): string[] {
    return [...this.shortNames.keys()].sort();
  }
}

async function readSchema(file: string): Promise<AnySchema & { $id?: unknown }> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as AnySchema & { $id?: unknown };
  } catch (err) {
    throw new Error(`cannot read schema ${file}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

function compile(ajv: Ajv2020, id: string, file: string): ValidateFunction {
  let validate: ValidateFunction | undefined;
  try {
    validate = ajv.getSchema(id);
  } catch (err) {
    throw new Error(`schema ${file} does not compile: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  if (!validate) throw new Error(`schema ${file} does not compile`);
  return validate;
}

async function schemaFiles(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isFile() && e.name.endsWith(SUFFIX)).map((e) => join(dir, e.name)).sort();
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return [];
    throw err;
  }
}
