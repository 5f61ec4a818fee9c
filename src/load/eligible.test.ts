import { describe, expect, it } from 'vitest';
import type { Flow, Suite } from '../suite/types.js';
import { partitionFlows } from './eligible.js';

const loc = { file: 's.yaml', line: 1, col: 1 };
const flow = (name: string, requires: string[]): Flow => ({ name, weight: 1, requires, steps: [], loc });

const suite = {
  variables: { hitlAgentId: '${{ env.PHRONY_HITL_AGENT_ID }}', plain: 'x', other: '${{ env.A }}-${{ env.B }}' },
  flows: [flow('a', []), flow('b', ['hitlAgentId']), flow('c', ['plain', 'other'])],
} as unknown as Suite;

describe('partitionFlows', () => {
  it('skips flows with missing variables and names the environment variable behind them', () => {
    const { runnable, skipped } = partitionFlows(suite, { plain: '' });
    expect(runnable.map((f) => f.name)).toEqual(['a']);
    expect(skipped.map((s) => [s.flow.name, s.reason])).toEqual([
      ['b', 'missing variable PHRONY_HITL_AGENT_ID (hitlAgentId)'],
      ['c', 'missing variables plain, A (other)'],
    ]);
  });
});
