/**
 * `npm run bench`: the five benchmark figures, measured side by side in one run against local
 * servers in other processes, printed as a table and written to bench/results.md.
 *
 *   npm run bench [-- --rounds 7 --round-seconds 5 --connections 32 --only 1,3]
 *
 * Every child process runs in its own process group and is killed on the way out, also on a
 * failure or an interrupt. A figure that fails is reported as not measured, with the reason.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { figure3 } from './figures/accuracy.js';
import { figure2 } from './figures/flow.js';
import { figure4 } from './figures/memory.js';
import { figure1, figure5 } from './figures/throughput.js';
import type { BenchConfig, FigureResult } from './lib/figure.js';
import { cliAccepts } from './lib/harness.js';
import { canPin, stopAll } from './lib/proc.js';
import { consoleTable, resultsMarkdown } from './lib/results-md.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST_MAIN = join(ROOT, 'dist', 'cli', 'main.js');

const FIGURES: Record<number, { title: string; run: (c: BenchConfig) => Promise<FigureResult> }> = {
  1: { title: 'Raw throughput on one worker', run: figure1 },
  2: { title: 'Flow mode: start-run + poll', run: figure2 },
  3: { title: 'Accuracy', run: figure3 },
  4: { title: 'Memory', run: figure4 },
  5: { title: 'Workers: --workers 2 against --workers 1', run: figure5 },
};

function options(): { rounds: number; roundSeconds: number; connections: number; only: number[]; write: boolean } {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '7' },
      'round-seconds': { type: 'string', default: '5' },
      connections: { type: 'string', default: '32' },
      only: { type: 'string' },
      'no-write': { type: 'boolean', default: false },
    },
  });
  const only = values.only === undefined ? [1, 2, 3, 4, 5] : values.only.split(',').map(Number);
  return { rounds: Number(values.rounds), roundSeconds: Number(values['round-seconds']), connections: Number(values.connections), only, write: !values['no-write'] };
}

/** Builds dist/ (the CLI the figures run). tsc emits even when files elsewhere have type errors. */
function build(): void {
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  if (!existsSync(DIST_MAIN)) throw new Error(`build failed: ${r.stdout}${r.stderr}`);
  if (r.status !== 0) process.stderr.write(`note: tsc reported errors; dist/ was still written\n${r.stdout.slice(0, 2000)}\n`);
}

async function runFigure(id: number, config: BenchConfig): Promise<FigureResult> {
  const figure = FIGURES[id];
  if (figure === undefined) throw new Error(`no figure ${id}`);
  config.log(`figure ${id}: ${figure.title}`);
  try {
    return await figure.run(config);
  } catch (err) {
    stopAll();
    const reason = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
    return { id, title: figure.title, meaning: '', setup: '', rows: [], notMeasured: `not measured: ${reason}`, notes: [] };
  }
}

function command(o: ReturnType<typeof options>): string {
  const extra = [
    o.rounds !== 7 ? `--rounds ${o.rounds}` : '',
    o.roundSeconds !== 5 ? `--round-seconds ${o.roundSeconds}` : '',
    o.connections !== 32 ? `--connections ${o.connections}` : '',
    o.only.length !== 5 ? `--only ${o.only.join(',')}` : '',
  ].filter((x) => x !== '');
  return extra.length === 0 ? 'npm run bench' : `npm run bench -- ${extra.join(' ')}`;
}

async function main(): Promise<void> {
  const o = options();
  const loadAtStart = loadavg()[0] ?? 0;
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  log('building dist/ …');
  build();
  const tmp = await mkdtemp(join(tmpdir(), 'phrony-bench-'));
  const stop = (): void => {
    stopAll();
    process.exit(130);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const cli = { workers: await cliAccepts(DIST_MAIN, tmp, ['--workers', '1']), rate: await cliAccepts(DIST_MAIN, tmp, ['--rate', '1', '--duration', '1s']) };
    log(`run accepts --workers: ${cli.workers}, --rate: ${cli.rate}; pinning: ${canPin ? 'taskset' : 'none'}`);
    const config: BenchConfig = { distMain: DIST_MAIN, tmp, roundSeconds: o.roundSeconds, rounds: o.rounds, connections: o.connections, log, cli };
    const figures: FigureResult[] = [];
    for (const id of o.only) figures.push(await runFigure(id, config));
    process.stdout.write(consoleTable(figures));
    if (o.write) {
      const md = resultsMarkdown({
        date: new Date().toISOString(),
        cores: cpus().length,
        cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
        node: process.version,
        pinning: canPin ? 'Servers pinned to core 1 and clients to core 0 with taskset (figure 5: the harness unpinned)' : 'Unpinned (no taskset)',
        server: existsSync('/usr/sbin/nginx') ? 'nginx from Debian' : 'node:http (nginx is not installed)',
        load: [loadAtStart, loadavg()[0] ?? 0],
      }, command(o), figures);
      await writeFile(join(ROOT, 'bench', 'results.md'), md);
      log('wrote bench/results.md');
    }
  } finally {
    stopAll();
    await rm(tmp, { recursive: true, force: true });
  }
}

await main();
