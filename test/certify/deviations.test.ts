import { describe, expect, it } from 'vitest';
import { DEVIATION_NAMES, DEVIATIONS } from '../../src/reference-server/deviations.js';
import { ServerConfigError, resolveServerConfig } from '../../src/reference-server/index.js';

describe('reference server deviation switches', () => {
  it('are off by default and set by config', () => {
    expect(resolveServerConfig({}).deviations).toEqual([]);
    expect(resolveServerConfig({ deviations: ['start-200', 'slim-ignored'] }).deviations).toEqual(['start-200', 'slim-ignored']);
  });

  it('reject unknown names and non-lists, with the config path', () => {
    expect(() => resolveServerConfig({ deviations: ['start-201'] })).toThrow(ServerConfigError);
    try {
      resolveServerConfig({ deviations: ['start-201'] });
    } catch (err) {
      expect((err as ServerConfigError).rendered[0]).toMatch(/^deviations: \[0\]: unknown deviation "start-201"/);
    }
    expect(() => resolveServerConfig({ deviations: 'start-200' })).toThrow(/deviations: must be a list/);
  });

  it('each describes the behaviour it breaks with its section', () => {
    expect(DEVIATION_NAMES.length).toBeGreaterThanOrEqual(15);
    for (const name of DEVIATION_NAMES) expect(DEVIATIONS[name]).toMatch(/\(§[0-9.]+/);
  });
});
