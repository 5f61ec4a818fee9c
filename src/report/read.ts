/**
 * Reading report.json back (for `report`, `compare`, `merge`): parsed, checked against
 * schemas/report.schema.json, and refused with a clear REPORT_INVALID error otherwise.
 */
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FormatsPlugin } from 'ajv-formats';
import { schemasDir } from '../paths.js';
import { REPORT_SCHEMA_VERSION } from './model.js';
import type { Report } from './model.js';
import { ReportError } from './errors.js';

// ajv-formats is CommonJS: under NodeNext the default import may be module.exports itself.
const addFormats: FormatsPlugin =
  (addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? (addFormatsModule as unknown as FormatsPlugin);

const MAX_REPORTED_ERRORS = 5;
let validator: ValidateFunction | undefined;

function compileValidator(): ValidateFunction {
  if (validator === undefined) {
    const schema = JSON.parse(readFileSync(join(schemasDir, 'report.schema.json'), 'utf8')) as object;
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    validator = ajv.compile(schema);
  }
  return validator;
}

function describe(e: ErrorObject): string {
  return `${e.instancePath === '' ? '(root)' : e.instancePath}: ${e.message ?? e.keyword}`;
}

/** Schema problems of `value` as `pointer: message` lines; empty when it is a valid report. */
export function validateReport(value: unknown): string[] {
  const validate = compileValidator();
  if (validate(value)) return [];
  return (validate.errors ?? []).map(describe);
}

/** Checks a parsed value and returns it typed, or throws REPORT_INVALID naming `where`. */
export function parseReport(value: unknown, where: string): Report {
  const version = (value as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ReportError('REPORT_INVALID', `${where}: not a report (expected a JSON object)`, { location: where });
  }
  if (version !== REPORT_SCHEMA_VERSION) {
    throw new ReportError(
      'REPORT_INVALID',
      `${where}#/schemaVersion: report schemaVersion ${JSON.stringify(version ?? null)} is not supported (this harness reads version ${REPORT_SCHEMA_VERSION})`,
      { location: `${where}#/schemaVersion` },
    );
  }
  const problems = validateReport(value);
  if (problems.length > 0) {
    const first = problems[0] ?? '';
    const pointer = first.slice(0, first.indexOf(':'));
    const more = problems.length > MAX_REPORTED_ERRORS ? `\n  … and ${problems.length - MAX_REPORTED_ERRORS} more` : '';
    const list = problems.slice(0, MAX_REPORTED_ERRORS).map((p) => `  ${p}`).join('\n');
    throw new ReportError('REPORT_INVALID', `${where}: not a valid report (schemas/report.schema.json):\n${list}${more}`, {
      location: `${where}#${pointer === '(root)' ? '' : pointer}`,
    });
  }
  return value as Report;
}

export async function readReport(file: string): Promise<Report> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new ReportError('REPORT_INVALID', `${file}: cannot read the report (${code})`, { location: file, cause: err });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new ReportError('REPORT_INVALID', `${file}: not JSON (${reason})`, { location: file, cause: err });
  }
  return parseReport(value, file);
}
