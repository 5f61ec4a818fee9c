import { describe, expect, it } from 'vitest';
import type { CliIo } from '../io.js';
import { commands } from './index.js';
import { captureIo } from '../../../test/support/capture-io.js';

function fakeIo(): { io: CliIo; out: () => string; err: () => string } {
  const io = captureIo();
  return { io, out: () => io.out.join(''), err: () => io.err.join('') };
}

describe('--help on every command', () => {
  for (const name of Object.keys(commands)) {
    it(`${name} --help prints usage and exits 0 without doing anything`, async () => {
      const c = fakeIo();
      const command = commands[name];
      if (command === undefined) throw new Error(`no command ${name}`);
      const code = await command(['--help'], c.io);
      expect(code).toBe(0);
      expect(c.out() + c.err()).toMatch(/phrony-harness|usage/i);
      expect(c.err()).not.toMatch(/unknown option/i);
    });
  }
});
