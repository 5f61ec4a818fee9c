/**
 * deploy/: the Kubernetes Indexed Job and the GitHub Actions matrix workflow parse, run N
 * shards with the CLI's shard options, and merge them with a shard count that matches.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { usage } from '../../src/cli/commands/index.js';

const DEPLOY = join(import.meta.dirname, '..', '..', 'deploy');

type Obj = Record<string, unknown>;

function at(value: unknown, ...path: Array<string | number>): unknown {
  let v = value;
  for (const key of path) v = (v as Obj | unknown[] | undefined)?.[key as never];
  return v;
}

function envValue(container: unknown, name: string): unknown {
  const env = at(container, 'env') as Array<{ name: string; value?: unknown }>;
  return env.find((e) => e.name === name)?.value;
}

describe('deploy/k8s/indexed-job.yaml', () => {
  it('is an Indexed Job of N shards plus a merge Job expecting N reports', async () => {
    const docs = parseAllDocuments(await readFile(join(DEPLOY, 'k8s', 'indexed-job.yaml'), 'utf8'));
    for (const d of docs) expect(d.errors).toEqual([]);
    const objects = docs.map((d) => d.toJS() as Obj);
    expect(objects.map((o) => `${String(o['apiVersion'])} ${String(o['kind'])}`)).toEqual(['v1 PersistentVolumeClaim', 'batch/v1 Job', 'batch/v1 Job']);
    const [, shards, merge] = objects;
    expect(at(shards, 'spec', 'completionMode')).toBe('Indexed');
    const n = at(shards, 'spec', 'completions');
    expect(at(shards, 'spec', 'parallelism')).toBe(n);
    const container = at(shards, 'spec', 'template', 'spec', 'containers', 0);
    expect(envValue(container, 'SHARDS')).toBe(String(n));
    const script = String(at(container, 'args', 0));
    expect(script).toContain('$((JOB_COMPLETION_INDEX + 1))');
    expect(script).toMatch(/ run .*--shard "\$i\/\$SHARDS" --start-at "\$START_AT"/);
    const mergeContainer = at(merge, 'spec', 'template', 'spec', 'containers', 0);
    expect(envValue(mergeContainer, 'EXPECTED_SHARDS')).toBe(String(n));
    expect(String(at(mergeContainer, 'args', 0))).toContain('main.js merge /reports/shard-*/report.json --out /reports/merged');
  });
});

describe('deploy/github-actions/shards.yml', () => {
  it('runs a shard matrix that uploads reports and a merge job that reports and fails on the verdict', async () => {
    const wf = parse(await readFile(join(DEPLOY, 'github-actions', 'shards.yml'), 'utf8')) as Obj;
    const shards = at(wf, 'env', 'SHARDS');
    expect(at(wf, 'jobs', 'shard', 'strategy', 'matrix', 'shard')).toEqual(Array.from({ length: Number(shards) }, (_, i) => i + 1));
    const shardSteps = JSON.stringify(at(wf, 'jobs', 'shard', 'steps'));
    expect(shardSteps).toContain('--shard \\"${{ matrix.shard }}/$SHARDS\\"');
    expect(shardSteps).toContain('actions/upload-artifact');
    expect(at(wf, 'jobs', 'merge', 'needs')).toBe('shard');
    const mergeSteps = JSON.stringify(at(wf, 'jobs', 'merge', 'steps'));
    expect(mergeSteps).toContain('actions/download-artifact');
    expect(mergeSteps).toContain('main.js merge shards/*/report.json');
    expect(mergeSteps).toContain('$GITHUB_STEP_SUMMARY');
    expect(mergeSteps).toContain('exit $code');
  });

  it('uses only options the CLI offers', () => {
    for (const flag of ['--shard', '--start-at', '--workers', 'merge a.json', '--suite']) expect(usage()).toContain(flag);
  });
});
