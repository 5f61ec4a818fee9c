/** Figure 4: recorder memory after 10 million recorded requests against 100 thousand. */
import { benchFile, runToJson, spawnNode } from '../lib/proc.js';
import type { BenchConfig, FigureResult } from '../lib/figure.js';

interface MemoryResult {
  small: number;
  large: number;
  rssSmall: number;
  rssLarge: number;
  requests: number;
  snapshotBytes: number;
  seconds: number;
}

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

export async function figure4(_c: BenchConfig): Promise<FigureResult> {
  const s = spawnNode(benchFile('children/memory.ts'), ['100000', '10000000'], { nodeArgs: ['--expose-gc'] });
  const r = await runToJson<MemoryResult>(s, 180_000);
  const ratio = r.rssLarge / r.rssSmall;
  return {
    id: 4,
    title: 'Memory',
    meaning: 'Whether memory grows with the number of recorded requests. HDR histograms hold counts per value bucket, never samples, so 10 million requests should cost about what 100 thousand cost. One recorder (createRecorder) takes synthetic exchanges over 2 flows × 3 steps, latencies from 0.2 ms to 2 s, 1 % 5xx and 0.1 % timeouts, spread over the same 10 minutes of run time; RSS is read after a full GC (--expose-gc) at 100 k and again at 10 M.',
    setup: `one process; ${r.requests.toLocaleString('en-US')} requests recorded in ${r.seconds.toFixed(1)} s; the 10 M snapshot (report form) is ${mib(r.snapshotBytes)}`,
    rows: [
      { label: 'RSS after 10 M / after 100 k', measured: `${ratio.toFixed(3)}×`, goal: '≤ 1.20×', met: ratio <= 1.2 },
      { label: 'RSS after 100 k · after 10 M', measured: `${mib(r.rssSmall)} · ${mib(r.rssLarge)}` },
    ],
    notes: [],
  };
}
