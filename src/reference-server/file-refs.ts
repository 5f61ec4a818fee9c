/**
 * File references inside run input (`{phronyFile, filename, mediaType}`, filename = leaf of a
 * finalized objectKey) and file items of a resume body (`{phronyFile, objectKey, …}`).
 */
import type { FileLibrary } from './file-library.js';
import { HttpError } from './http-io.js';

const MAX_DEPTH = 32;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkRef(ref: Obj, at: string, tenantId: string, files: FileLibrary): void {
  if (ref['phronyFile'] !== true || typeof ref['filename'] !== 'string' || typeof ref['mediaType'] !== 'string') {
    throw new HttpError(400, `${at} must be a file reference {phronyFile: true, filename, mediaType}`);
  }
  if (files.findFinalized(tenantId, ref['filename']) === undefined) {
    throw new HttpError(400, `${at}.filename does not name a finalized file of this workspace`);
  }
}

/** Every file reference anywhere in `input` must resolve inside the tenant's library. */
export function checkInputFileRefs(input: Obj, tenantId: string, files: FileLibrary): void {
  const walk = (value: unknown, at: string, depth: number): void => {
    if (depth > MAX_DEPTH) throw new HttpError(400, `input nests deeper than ${MAX_DEPTH} levels`);
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${at}[${i}]`, depth + 1));
    else if (isObj(value)) {
      if ('phronyFile' in value) return checkRef(value, at, tenantId, files);
      for (const [k, v] of Object.entries(value)) walk(v, `${at}.${k}`, depth + 1);
    }
  };
  walk(input, 'input', 0);
}

/** For agents that need a document: input.document must be a valid file reference. */
export function requireDocument(input: Obj, tenantId: string, files: FileLibrary): void {
  const doc = input['document'];
  if (!isObj(doc)) throw new HttpError(400, 'input.document must be a file reference {phronyFile: true, filename, mediaType}');
  checkRef(doc, 'input.document', tenantId, files);
}

/** Resume `files[]`: each item needs phronyFile true and a finalized objectKey of the tenant. */
export function checkResumeFiles(list: unknown, tenantId: string, files: FileLibrary): unknown[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new HttpError(400, 'files must be an array');
  list.forEach((item, i) => {
    const at = `files[${i}]`;
    if (!isObj(item) || item['phronyFile'] !== true || typeof item['objectKey'] !== 'string') {
      throw new HttpError(400, `${at} must be {phronyFile: true, objectKey, filename?, mediaType?}`);
    }
    const obj = files.objects.get(item['objectKey']);
    if (obj === undefined || !obj.finalized || obj.tenantId !== tenantId) {
      throw new HttpError(400, `${at}.objectKey is not a finalized file of this workspace`);
    }
  });
  return list;
}
