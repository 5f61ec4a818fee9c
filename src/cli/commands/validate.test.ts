import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../io.js';
import { command } from './validate.js';
import { captureIo } from '../../../test/support/capture-io.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

interface Captured {
  io: CliIo;
  out: () => string;
  err: () => string;
}

function fakeIo(): Captured {
  const io = captureIo({ cwd: root });
  return { io, out: () => io.out.join(''), err: () => io.err.join('') };
}

describe('validate command', () => {
  it('prints ok lines and exits 0 when every file is valid', async () => {
    const c = fakeIo();
    const code = await command(['test/fixtures/suites/valid/smoke.yaml', 'test/fixtures/suites/valid/minimal.yaml'], c.io);
    expect(code).toBe(0);
    expect(c.out().split('\n')).toEqual([
      'ok test/fixtures/suites/valid/smoke.yaml (3 flows, 12 steps)',
      'ok test/fixtures/suites/valid/minimal.yaml (1 flow, 1 step)',
      '2 files checked: 2 valid, 0 invalid (0 errors, 0 warnings)',
      '',
    ]);
    expect(c.err()).toBe('');
  });

  it('prints every problem as file:line:col with hints, and exits 2', async () => {
    const c = fakeIo();
    const code = await command(
      ['test/fixtures/suites/invalid/unknown-key.yaml', 'test/fixtures/suites/valid/minimal.yaml', 'test/fixtures/suites/invalid/bad-status.yaml'],
      c.io,
    );
    expect(code).toBe(2);
    expect(c.out().split('\n')).toEqual([
      'test/fixtures/suites/invalid/unknown-key.yaml:6:9: error: unknown key "reqest" in step "start_run"',
      '  hint: did you mean "request"?',
      'ok test/fixtures/suites/valid/minimal.yaml (1 flow, 1 step)',
      'test/fixtures/suites/invalid/bad-status.yaml:8:19: error: invalid status "2xy" for expect.status (step "s")',
      '  hint: use a code (202), a class ("2xx") or a list ([200, 201])',
      'test/fixtures/suites/invalid/bad-status.yaml:12:25: error: invalid status 700 for expect.status[1] (step "t")',
      '  hint: use a code from 100 to 599 or a class such as "2xx"',
      '3 files checked: 1 valid, 2 invalid (3 errors, 0 warnings)',
      '',
    ]);
  });

  it('reports a missing file as a located error, without a stack trace', async () => {
    const c = fakeIo();
    const code = await command(['nope/missing.yaml'], c.io);
    expect(code).toBe(2);
    expect(c.out()).toBe('nope/missing.yaml:1:1: error: cannot read suite: no such file\n1 file checked: 0 valid, 1 invalid (1 error, 0 warnings)\n');
    expect(c.out() + c.err()).not.toMatch(/\n\s+at /);
  });

  it('exits 2 with usage on no files or an unknown option, 0 on --help', async () => {
    const none = fakeIo();
    expect(await command([], none.io)).toBe(2);
    expect(none.err()).toContain('no suite files given');
    const bad = fakeIo();
    expect(await command(['--frobnicate', 'x.yaml'], bad.io)).toBe(2);
    expect(bad.err()).toContain("Unknown option '--frobnicate'");
    const help = fakeIo();
    expect(await command(['--help'], help.io)).toBe(0);
    expect(help.out()).toContain('Usage: phrony-harness validate');
  });

  it('passes warnings without failing', async () => {
    const c = fakeIo();
    const code = await command(['test/fixtures/suites/valid/weight-zero.yaml'], c.io);
    expect(code).toBe(0);
    expect(c.out().split('\n')).toEqual([
      'test/fixtures/suites/valid/weight-zero.yaml:7:13: warning: flow "disabled" has weight 0 and never runs under load',
      'ok test/fixtures/suites/valid/weight-zero.yaml (2 flows, 2 steps)',
      '1 file checked: 1 valid, 0 invalid (0 errors, 1 warning)',
      '',
    ]);
  });
});
