/** The pausing flows (HITL, chat, timer) and skipped flows, end to end. */
import { describe, expect, it } from 'vitest';
import { failedChecks, flow, runYaml, step, targetEnv, useTarget, VARIABLES } from './helpers.js';

const target = useTarget();

/** start → poll until `waiting` → message → poll to Completed, with `extra` assertions on the end. */
function pauseFlow(name: string, agentVar: string, waiting: string, message: string, endBody = ''): string {
  return `# yaml-language-server: $schema=../schemas/suite.schema.json
name: ${name}
${VARIABLES}flows:
  - name: ${name}
    requires: [${agentVar}]
    steps:
      - name: ${name}_start
        request: { method: POST, path: "/v1/agents/\${{ ${agentVar} }}/runs", json: { input: { q: 1 } } }
        expect: { status: 202 }
        capture: { runId: /runId }
      - name: ${name}_wait
        poll:
          request: { method: GET, path: "/v1/runs/\${{ runId }}" }
          until: { path: /status, oneOf: [${waiting}, Completed, Failed] }
          interval: 20ms
          timeout: 10s
        expect: { body: [{ path: /status, equals: ${waiting} }] }
      - name: ${name}_resume
        message: { runId: "\${{ runId }}", ${message} }
      - name: ${name}_done
        poll:
          request: { method: GET, path: "/v1/runs/\${{ runId }}" }
          until: { path: /status, oneOf: [Completed, Failed] }
          interval: 20ms
          timeout: 10s
        expect:
          body:
            - { path: /status, equals: Completed }${endBody}
`;
}

describe('runs that wait for someone', () => {
  it('HITL approval: finds the pending user task and approves it', async () => {
    const { report } = await runYaml(target.server, target.tmp.path, 'hitl', pauseFlow('hitl', 'hitlAgentId', 'WaitingForHITL', 'approve: true', '\n            - { path: /output/approved, equals: true }'));
    expect(failedChecks(report)).toEqual([]);
    const resume = step(report, 'hitl_resume');
    expect(resume.requests).toBe(2); // conversation + resume
    expect(resume.checks.map((c) => c.name)).toEqual(expect.arrayContaining(['conversation status', 'status', 'schema resume']));
  });

  it('HITL rejection: the run completes with approved false', async () => {
    const { report } = await runYaml(target.server, target.tmp.path, 'reject', pauseFlow('reject', 'hitlAgentId', 'WaitingForHITL', 'reject: true', '\n            - { path: /output/approved, equals: false }'));
    expect(failedChecks(report)).toEqual([]);
  });

  it('chat: WaitingForResponse, a text reply resumes it', async () => {
    const { report } = await runYaml(target.server, target.tmp.path, 'chat', pauseFlow('chat', 'chatAgentId', 'WaitingForResponse', 'text: "my reply"', '\n            - { path: /output/reply, equals: "my reply" }'));
    expect(failedChecks(report)).toEqual([]);
  });

  it('timer: WaitingForTimer, skip-agent-wait ends it early', async () => {
    const started = Date.now();
    const { report } = await runYaml(target.server, target.tmp.path, 'timer', pauseFlow('timer', 'timerAgentId', 'WaitingForTimer', 'skipWait: true', '\n            - { path: /output/timerSkipped, equals: true }'));
    expect(failedChecks(report)).toEqual([]);
    expect(step(report, 'timer_resume').statusCodes).toEqual({ '202': 1 });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('approving a run that waits for nothing fails with a clear check', async () => {
    const { report } = await runYaml(target.server, target.tmp.path, 'no-task', pauseFlow('notask', 'agentId', 'Completed', 'approve: true'));
    expect(report.failures.map((f) => f.check)).toContain('pending user task');
    expect(step(report, 'notask_done').requests).toBe(0);
  });
});

describe('skipped flows', () => {
  it('skips a flow whose required variable is missing, says why, and still passes', async () => {
    const env = { ...targetEnv(target.server) } as Record<string, string>;
    delete env['PHRONY_HITL_AGENT_ID'];
    const { report } = await runYaml(
      target.server,
      target.tmp.path,
      'skip',
      `# yaml-language-server: $schema=../schemas/suite.schema.json
name: skip
${VARIABLES}flows:
  - name: needs_hitl
    requires: [hitlAgentId]
    steps:
      - name: s_hitl
        request: { method: POST, path: "/v1/agents/\${{ hitlAgentId }}/runs", json: { input: {} } }
  - name: plain
    requires: [agentId]
    steps:
      - name: s_plain
        request: { method: GET, path: "/v1/agents/\${{ agentId }}/sessions" }
`,
      { env },
    );
    expect(flow(report, 'needs_hitl').skipped).toEqual({ reason: 'missing variable PHRONY_HITL_AGENT_ID (hitlAgentId)' });
    expect(step(report, 's_hitl').requests).toBe(0);
    expect(flow(report, 'plain').passed).toBe(1);
    expect(report.verdict.exitCode).toBe(0);
  });
});
