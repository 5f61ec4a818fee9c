/**
 * The file library: presigned upload slots, uploaded bytes (in memory, under a total cap),
 * and finalized objects indexed by tenant and leaf name for file references in run input.
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { FilesConfig } from './config.js';

export interface StoredObject {
  objectKey: string;
  tenantId: string;
  /** Last path segment of objectKey (what run input references). */
  leaf: string;
  filename: string;
  mediaType: string;
  maxContentLength: number;
  expiresAtMs: number;
  bytes: Buffer | null;
  finalized: boolean;
  /** When it was finalized (ms since epoch); retention counts from here. */
  finalizedAtMs?: number;
}

export interface PresignAnswer {
  objectKey: string;
  uploadUrl: string;
  httpMethod: 'PUT';
  requiredHeaders: Record<string, string>;
  expiresInSeconds: number;
}

const SAFE_EXT = /^\.[A-Za-z0-9]{1,10}$/;

function extensionOf(filename: string): string {
  const dot = filename.lastIndexOf('.');
  if (dot <= 0) return '';
  const ext = filename.slice(dot).toLowerCase();
  return SAFE_EXT.test(ext) ? ext : '';
}

export class FileLibrary {
  private readonly secret: Buffer;
  readonly objects = new Map<string, StoredObject>();
  private readonly finalizedByTenant = new Map<string, Map<string, StoredObject>>();
  totalBytes = 0;

  constructor(readonly config: FilesConfig) {
    this.secret = config.signingSecret === null ? randomBytes(32) : Buffer.from(config.signingSecret);
  }

  presign(tenantId: string, filename: string, mediaType: string, maxContentLength: number, baseUrl: string, nowMs: number): PresignAnswer {
    this.dropExpired(nowMs);
    const leaf = `${randomUUID()}${extensionOf(filename)}`;
    const objectKey = `${tenantId}/library/${leaf}`;
    const expiresAtMs = nowMs + this.config.expiresInSeconds * 1000;
    this.objects.set(objectKey, { objectKey, tenantId, leaf, filename, mediaType, maxContentLength, expiresAtMs, bytes: null, finalized: false });
    const sig = this.sign(objectKey, expiresAtMs);
    const { name, value } = this.config.encryptionHeader;
    return {
      objectKey,
      uploadUrl: `${baseUrl}/_storage/${objectKey}?expires=${expiresAtMs}&sig=${sig}`,
      httpMethod: 'PUT',
      requiredHeaders: { 'Content-Type': mediaType, [name]: value },
      expiresInSeconds: this.config.expiresInSeconds,
    };
  }

  sign(objectKey: string, expiresAtMs: number): string {
    return createHmac('sha256', this.secret).update(`PUT\n${objectKey}\n${expiresAtMs}`).digest('hex');
  }

  /** Constant-time signature check. */
  verify(objectKey: string, expires: string, sig: string): boolean {
    const expected = Buffer.from(this.sign(objectKey, Number(expires)), 'hex');
    const given = Buffer.from(/^[0-9a-f]{64}$/.test(sig) ? sig : '', 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /** Stores uploaded bytes; false when the total cap would be exceeded. */
  store(obj: StoredObject, bytes: Buffer): boolean {
    const previous = obj.bytes?.length ?? 0;
    if (this.totalBytes - previous + bytes.length > this.config.maxTotalBytes) return false;
    this.totalBytes += bytes.length - previous;
    obj.bytes = bytes;
    return true;
  }

  /** Marks an uploaded object finalized; returns true if it already was. */
  finalize(obj: StoredObject, nowMs = Date.now()): boolean {
    if (obj.finalized) return true;
    obj.finalized = true;
    obj.finalizedAtMs = nowMs;
    let byLeaf = this.finalizedByTenant.get(obj.tenantId);
    if (byLeaf === undefined) {
      byLeaf = new Map();
      this.finalizedByTenant.set(obj.tenantId, byLeaf);
    }
    byLeaf.set(obj.leaf, obj);
    return false;
  }

  findFinalized(tenantId: string, leaf: string): StoredObject | undefined {
    return this.finalizedByTenant.get(tenantId)?.get(leaf);
  }

  /**
   * Retention of uploaded bytes, like sessions: a finalized object is forgotten `ttlMs` after
   * its finalize, an object never finalized `ttlMs` after its upload URL expired. Without this,
   * a long soak with uploads fills `maxTotalBytes` and every later PUT answers 507.
   */
  sweep(nowMs: number, ttlMs: number): void {
    for (const [key, obj] of this.objects) {
      const since = obj.finalized ? (obj.finalizedAtMs ?? nowMs) : obj.expiresAtMs;
      if (since + ttlMs > nowMs) continue;
      this.objects.delete(key);
      this.totalBytes -= obj.bytes?.length ?? 0;
      if (obj.finalized) this.finalizedByTenant.get(obj.tenantId)?.delete(obj.leaf);
    }
  }

  /** Forgets presigned slots that expired without an upload (bounded memory). */
  private dropExpired(nowMs: number): void {
    if (this.objects.size < 1000) return;
    for (const [key, obj] of this.objects) if (obj.bytes === null && obj.expiresAtMs < nowMs) this.objects.delete(key);
  }
}
