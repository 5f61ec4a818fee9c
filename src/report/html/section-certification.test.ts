import { describe, expect, it } from 'vitest';
import type { Certification, Report } from '../model.js';
import { syntheticReport } from '../synthetic.js';
import { VERIFY_HINT, certificationSection } from './section-certification.js';

function withCertificate(c: Certification): Report {
  const r = syntheticReport({ durationS: 2 });
  r.kind = 'certificate';
  r.certification = c;
  return r;
}

const REQUIREMENTS: Certification['requirements'] = [
  { id: 'RUN-1', statement: 'runs start', level: 'MUST', section: '§4', status: 'pass' },
  { id: 'HITL-1', statement: 'approval <pauses>', level: 'MUST', section: '§5', status: 'not-covered', evidence: 'not covered: needs --hitl-agent-id' },
];

describe('certificationSection', () => {
  it('shows coverage with the missing prerequisites, the request count and the digest with its verify command', () => {
    const html = certificationSection(withCertificate({
      verdict: 'CERTIFIED',
      requirements: REQUIREMENTS,
      coverage: [
        { area: 'core', covered: true, prerequisites: ['--base-url', '--agent-id'], requirements: 1 },
        { area: 'hitl', covered: false, prerequisites: ['--hitl-agent-id'], requirements: 1 },
      ],
      requests: 1234,
      digest: 'f'.repeat(64),
    }));
    expect(html).toContain('id="coverage-table"');
    expect(html).toMatch(/<strong>hitl<\/strong>.*not covered.*<code>--hitl-agent-id<\/code>/);
    expect(html).not.toMatch(/<strong>core<\/strong>[^]*?<code>--agent-id<\/code>[^]*?<\/tr>/);
    expect(html).toContain('1 area not covered');
    expect(html).toContain('1,234 sent to the target');
    expect(html).toContain(`<code id="certification-digest">${'f'.repeat(64)}</code>`);
    expect(html).toContain(VERIFY_HINT);
    expect(html).toContain('approval &lt;pauses&gt;');
  });

  it('leaves out what an older certificate does not have', () => {
    const html = certificationSection(withCertificate({ verdict: 'NOT CERTIFIED', requirements: REQUIREMENTS }));
    expect(html).toContain('id="certification-table"');
    expect(html).not.toContain('coverage-table');
    expect(html).not.toContain('certification-facts');
    expect(certificationSection(syntheticReport({ durationS: 2 }))).toBe('');
  });
});
