/**
 * Writes the report folder: report.json, report.html, junit.xml, summary.md. Each file is
 * written atomically (a temp file in the same folder, fsync, rename), so a crash or a full disk
 * never leaves a half-written report.json for CI to choke on.
 */
import { randomBytes } from 'node:crypto';
import { appendFile, mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Report } from './model.js';
import { ReportError } from './errors.js';
import { renderHtml } from './html/render.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';

function osReason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const code = typeof e.code === 'string' ? e.code : 'error';
  const message = err instanceof Error ? err.message : String(err);
  return `${code}: ${message}`;
}

async function syncDir(dir: string): Promise<void> {
  // Makes the rename durable; some filesystems refuse fsync on a directory, which is harmless.
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    return;
  }
}

/** Writes `content` to `path` atomically; throws REPORT_WRITE_FAILED naming the path and OS reason. */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(tmp, 'wx', 0o644);
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw new ReportError('REPORT_WRITE_FAILED', `cannot write ${path} (${osReason(err)})`, { location: path, cause: err });
  }
}

/** report.json's text: indented for people who open it; the size test measures this form. */
export function serializeReport(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export const REPORT_FILES = ['report.json', 'report.html', 'junit.xml', 'summary.md'] as const;

/** Creates `dir` and writes the four report files; returns their paths. */
export async function writeReportFolder(dir: string, report: Report): Promise<{ files: string[] }> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    throw new ReportError('REPORT_WRITE_FAILED', `cannot create the report folder ${dir} (${osReason(err)})`, {
      location: dir,
      cause: err,
    });
  }
  const contents: Record<(typeof REPORT_FILES)[number], () => string> = {
    'report.json': () => serializeReport(report),
    'report.html': () => renderHtml(report),
    'junit.xml': () => renderJunit(report),
    'summary.md': () => renderMarkdown(report),
  };
  const files: string[] = [];
  for (const name of REPORT_FILES) {
    const path = join(dir, name);
    await writeFileAtomic(path, contents[name]());
    files.push(path);
  }
  await syncDir(dir);
  return { files };
}

/** Appends `markdown` to a GitHub Actions step summary file (`$GITHUB_STEP_SUMMARY`, given by the CLI). */
export async function appendStepSummary(path: string, markdown: string): Promise<void> {
  try {
    await appendFile(path, markdown.endsWith('\n') ? markdown : `${markdown}\n`, 'utf8');
  } catch (err) {
    throw new ReportError('REPORT_WRITE_FAILED', `cannot append to ${path} (${osReason(err)})`, { location: path, cause: err });
  }
}
