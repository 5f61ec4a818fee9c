/** Each step kind against the reference server, through the real loader, engine and recorder. */
import { describe, expect, it } from 'vitest';
import { failedChecks, flow, runYaml, step, useTarget, VARIABLES } from './helpers.js';

const target = useTarget();

const header = (name: string) => `# yaml-language-server: $schema=../schemas/suite.schema.json
name: ${name}
${VARIABLES}load: { vus: 1 }
`;

describe('request steps, captures and templates', () => {
  it('captures values and renders them into later paths, headers, bodies and assertions', async () => {
    const { report } = await runYaml(target.server, target.tmp.path, 'request', `${header('request')}flows:
  - name: f
    steps:
      - name: start
        request:
          method: POST
          path: /v1/agents/\${{ agentId }}/runs
          headers: { X-Trace: "vu-\${{ vu }}-it-\${{ iteration }}" }
          json: { input: { who: "\${{ flow }}", n: "\${{ vu }}" } }
        expect: { status: 202, schema: start-run }
        capture: { runId: /runId, sessionId: /sessionId }
      - name: read
        request: { method: GET, path: "/v1/runs/\${{ runId }}" }
        expect:
          status: 200
          schema: run
          body: [{ path: /runId, equals: "\${{ runId }}" }]
`);
    expect(failedChecks(report)).toEqual([]);
    expect(step(report, 'start').requests).toBe(1);
    expect(step(report, 'read').statusCodes).toEqual({ '200': 1 });
    expect(flow(report, 'f')).toMatchObject({ iterations: 1, passed: 1, failed: 0 });
    expect(report.verdict.exitCode).toBe(0);
  });

  it('stops the iteration at a missing capture and does not run the rest', async () => {
    const { report } = await runYaml(target.server, target.tmp.path, 'missing-capture', `${header('missing-capture')}flows:
  - name: f
    steps:
      - name: start2
        request: { method: POST, path: "/v1/agents/\${{ agentId }}/runs", json: { input: {} } }
        capture: { nothing: /no/such/field }
      - name: never
        request: { method: GET, path: "/v1/runs/\${{ nothing }}" }
`);
    expect(failedChecks(report)).toEqual([expect.stringMatching(/^start2: capture nothing: /)]);
    expect(step(report, 'never').requests).toBe(0);
    expect(flow(report, 'f')).toMatchObject({ iterations: 1, failed: 1 });
    expect(report.verdict.exitCode).toBe(1);
  });

  it('turns an undefined template value into a recorded failure, not an exception', async () => {
    const { report } = await runYaml(target.server, target.tmp.path, 'template-error', `# yaml-language-server: $schema=../schemas/suite.schema.json
name: template-error
variables:
  apiKey: \${{ env.PHRONY_API_KEY }}
  ghost: \${{ env.NO_SUCH_VARIABLE_ANYWHERE }}
flows:
  - name: f
    steps:
      - name: uses_ghost
        request: { method: GET, path: "/v1/agents/\${{ ghost }}/sessions" }
      - name: after_ghost
        request: { method: GET, path: /v1/runs/00000000-0000-0000-0000-000000000000 }
`);
    expect(failedChecks(report)).toEqual([expect.stringMatching(/^uses_ghost: template: .*ghost/)]);
    expect(step(report, 'uses_ghost').requests).toBe(0);
    expect(step(report, 'after_ghost').requests).toBe(0);
  });
});

describe('secrets', () => {
  it('never lets the API key reach the report, even when the target echoes it back', async () => {
    const { report, dir } = await runYaml(target.server, target.tmp.path, 'echo-key', `${header('echo-key')}flows:
  - name: f
    steps:
      - name: start_echo
        request: { method: POST, path: "/v1/agents/\${{ agentId }}/runs", json: { input: { leaked: "\${{ apiKey }}" } } }
        capture: { runId: /runId }
      - name: poll_echo
        poll:
          request: { method: GET, path: "/v1/runs/\${{ runId }}" }
          until: { path: /status, oneOf: [Completed, Failed] }
          interval: 20ms
        expect: { body: [{ path: /status, equals: NotThis }] }
`);
    const failure = report.failures.find((f) => f.step === 'poll_echo');
    expect(failure?.samples.join('')).toContain('leaked');
    const { readFile } = await import('node:fs/promises');
    for (const file of ['report.json', 'report.html', 'junit.xml', 'summary.md']) {
      expect(await readFile(`${dir}/${file}`, 'utf8'), file).not.toContain(target.server.keys.main);
    }
  });
});

describe('template failures inside sub-requests', () => {
  it('an unset API key fails upload and message steps as a template failure', async () => {
    const { report } = await runYaml(target.server, target.tmp.path, 'no-key', `# yaml-language-server: $schema=../schemas/suite.schema.json
name: no-key
variables:
  apiKey: \${{ env.NO_SUCH_KEY_VARIABLE }}
flows:
  - name: f1
    steps:
      - name: up_nokey
        upload: { generate: { size: 1KiB, pattern: zeros }, filename: a.pdf, mediaType: application/pdf, as: doc }
  - name: f2
    steps:
      - name: skip_nokey
        message: { runId: 00000000-0000-0000-0000-000000000000, skipWait: true }
`);
    expect(report.failures.map((f) => `${f.step}: ${f.check}`).sort()).toEqual(['skip_nokey: template', 'up_nokey: template']);
    expect(report.totals.requests).toBe(0);
  });
});

describe('poll steps', () => {
  it('polls to done: attempts and time to done are their own metrics', async () => {
    const { report } = await runYaml(target.server, target.tmp.path, 'poll', `${header('poll')}flows:
  - name: f
    steps:
      - name: start3
        request: { method: POST, path: "/v1/agents/\${{ agentId }}/runs", json: { input: {} } }
        capture: { runId: /runId }
      - name: poll3
        poll:
          request: { method: GET, path: "/v1/runs/\${{ runId }}" }
          until: { path: /status, oneOf: [Completed, Failed] }
          interval: 20ms
          timeout: 10s
        expect: { status: 200, schema: run, body: [{ path: /status, equals: Completed }] }
`);
    expect(failedChecks(report)).toEqual([]);
    const poll = step(report, 'poll3');
    expect(poll.requests).toBeGreaterThanOrEqual(2);
    expect(poll.histograms['attempts']).toMatchObject({ unit: 'count', count: 1, max: poll.requests });
    expect(poll.histograms['attempt_latency']?.count).toBe(poll.requests);
    expect(poll.histograms['latency']?.count).toBe(1);
    // Time to done covers every attempt, so it is at least the slowest one.
    expect(poll.histograms['latency']?.max).toBeGreaterThanOrEqual(poll.histograms['attempt_latency']?.max ?? 0);
  });

  it('gives up after maxAttempts with a "poll until" failure naming the last value', async () => {
    const { report } = await runYaml(target.server, target.tmp.path, 'poll-give-up', `${header('poll-give-up')}flows:
  - name: f
    steps:
      - name: start4
        request: { method: POST, path: "/v1/agents/\${{ timerAgentId }}/runs", json: { input: {} } }
        capture: { runId: /runId }
      - name: poll4
        poll:
          request: { method: GET, path: "/v1/runs/\${{ runId }}" }
          until: { path: /status, equals: Completed }
          interval: 10ms
          maxAttempts: 3
      - name: after4
        request: { method: GET, path: "/v1/runs/\${{ runId }}" }
`);
    const failure = report.failures.find((f) => f.check === 'poll until');
    expect(failure?.message).toMatch(/after 3 attempts; last value "(Running|WaitingForTimer)"/);
    expect(step(report, 'poll4').requests).toBe(3);
    expect(step(report, 'after4').requests).toBe(0);
    expect(report.verdict.exitCode).toBe(1);
  });
});

describe('stream steps', () => {
  it('follows a session to completion with first_event <= total and events > 0', async () => {
    const { report } = await runYaml(target.server, target.tmp.path, 'stream', `${header('stream')}flows:
  - name: f
    steps:
      - name: start5
        request: { method: POST, path: "/v1/agents/\${{ agentId }}/runs", json: { input: {} } }
        capture: { runId: /runId }
      - name: follow5
        stream: { runId: "\${{ runId }}", until: engine.session.completed, timeout: 10s }
`);
    expect(failedChecks(report)).toEqual([]);
    const s = step(report, 'follow5');
    const first = s.histograms['first_event'];
    const total = s.histograms['latency'];
    const events = s.histograms['events'];
    expect(first?.count).toBe(1);
    expect(events?.max).toBeGreaterThan(0);
    expect(first?.max).toBeLessThanOrEqual(total?.max ?? 0);
    expect(s.checks.find((c) => c.name === 'event schema')).toMatchObject({ passed: events?.max, failed: 0 });
  });

  it('fails "stream until" when the subject never comes before the timeout', async () => {
    const { report } = await runYaml(target.server, target.tmp.path, 'stream-until', `${header('stream-until')}flows:
  - name: f
    steps:
      - name: start6
        request: { method: POST, path: "/v1/agents/\${{ timerAgentId }}/runs", json: { input: {} } }
        capture: { runId: /runId }
      - name: follow6
        stream: { runId: "\${{ runId }}", until: engine.session.completed, timeout: 400ms }
`);
    expect(report.failures.map((f) => f.check)).toEqual(['stream until']);
    expect(step(report, 'follow6').histograms['events']?.max).toBeGreaterThan(0);
  });
});

describe('upload steps', () => {
  it('uploads generated bytes and a run uses the file', async () => {
    const { report } = await runYaml(target.server, target.tmp.path, 'upload', `${header('upload')}flows:
  - name: f
    steps:
      - name: up
        upload: { generate: { size: 200KiB, pattern: random }, filename: t.pdf, mediaType: application/pdf, as: doc }
      - name: use
        request:
          method: POST
          path: /v1/agents/\${{ fileAgentId }}/runs
          json: { input: { document: "\${{ doc.fileRef }}" } }
        expect: { status: 202 }
        capture: { runId: /runId }
      - name: done
        poll:
          request: { method: GET, path: "/v1/runs/\${{ runId }}" }
          until: { path: /status, oneOf: [Completed, Failed] }
          interval: 20ms
        expect:
          body:
            - { path: /status, equals: Completed }
            - { path: /output/echo/document/filename, equals: "\${{ doc.leaf }}" }
`);
    expect(failedChecks(report)).toEqual([]);
    const up = step(report, 'up');
    expect(up.requests).toBe(3);
    for (const m of ['presign', 'put', 'finalize']) expect(up.histograms[m]?.count).toBe(1);
    expect(up.checks.map((c) => c.name)).toContain('finalize sizeBytes');
  });

  it('streams a file from disk', async () => {
    const { writeFile } = await import('node:fs/promises');
    await writeFile(`${target.tmp.path}/doc.txt`, 'hello phrony\n'.repeat(1000));
    const { report } = await runYaml(target.server, target.tmp.path, 'upload-file', `${header('upload-file')}flows:
  - name: f
    steps:
      - name: upfile
        upload: { file: ./doc.txt, filename: doc.txt, mediaType: text/plain, as: doc }
`);
    expect(failedChecks(report)).toEqual([]);
    expect(step(report, 'upfile').statusCodes['200']).toBeGreaterThanOrEqual(2);
  });
});
