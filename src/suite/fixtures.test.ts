/**
 * Every fixture under test/fixtures/suites: invalid ones produce EXACTLY these problems
 * (line:col, severity, message, hint), valid ones load with no errors.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatProblem, loadSuiteFile } from './load.js';

const fixtures = fileURLToPath(new URL('../../test/fixtures/suites/', import.meta.url));

/** Expected output per invalid fixture, each line prefixed with `<file>:` when compared. */
const EXPECTED: Record<string, string[]> = {
  'bad-duration.yaml': [
    '3:12: error: invalid duration "10 seconds" for target.timeout',
    '  hint: use milliseconds (250) or a number with a unit: 250ms, 10s, 1.5m, 1h, 1m30s',
    '5:13: error: invalid duration -5 for load.duration',
    '  hint: use milliseconds (250) or a number with a unit: 250ms, 10s, 1.5m, 1h, 1m30s',
    '13:21: error: invalid duration "2x" for poll.interval (step "s")',
    '  hint: use milliseconds (250) or a number with a unit: 250ms, 10s, 1.5m, 1h, 1m30s',
  ],
  'bad-indentation.yaml': [
    '8:1: error: all mapping items must start at the same column',
  ],
  'bad-path.yaml': [
    '9:23: error: bad escape in JSON Pointer "/items/~2": "~" must be followed by 0 or 1 (step "s")',
    '  hint: e.g. /status, /items/0/id or $.items[0].id',
    '10:23: error: invalid path "$.items[x]" at character 7 (step "s")',
    '  hint: e.g. /status, /items/0/id or $.items[0].id',
    '11:15: error: assertion on "/status" needs one of equals, exists, matches, oneOf (step "s")',
  ],
  'bad-regex.yaml': [
    '8:44: error: invalid regular expression in matches (step "s"): /^(Completed|Failed/: Unterminated group',
  ],
  'bad-size.yaml': [
    '3:16: error: invalid size "1 MiBs" for target.maxBodySize',
    '  hint: use bytes (1024) or a number with a unit: 512B, 64KiB, 1MiB, 1GiB, 10KB, 5MB',
    '8:37: error: invalid size "64kib" for upload.generate.size (step "up")',
    '  hint: use bytes (1024) or a number with a unit: 512B, 64KiB, 1MiB, 1GiB, 10KB, 5MB',
    '8:64: error: invalid size -1 for upload.maxContentLength (step "up")',
    '  hint: use bytes (1024) or a number with a unit: 512B, 64KiB, 1MiB, 1GiB, 10KB, 5MB',
  ],
  'bad-status.yaml': [
    '8:19: error: invalid status "2xy" for expect.status (step "s")',
    '  hint: use a code (202), a class ("2xx") or a list ([200, 201])',
    '12:25: error: invalid status 700 for expect.status[1] (step "t")',
    '  hint: use a code from 100 to 599 or a class such as "2xx"',
  ],
  'bad-template-syntax.yaml': [
    '8:26: error: bad template: unclosed "${{": missing "}}"',
    '9:24: error: bad template: random() takes 2 arguments, got 1',
    '9:48: error: bad template: "uuid" is a function: write uuid()',
  ],
  'capture-before-set.yaml': [
    '6:49: error: ${{ runId }} is used before it is captured: step "start" sets "runId"',
    '  hint: captures are available to later steps of the same flow only',
  ],
  'duplicate-key.yaml': [
    '2:1: error: map keys must be unique',
  ],
  'duplicate-step.yaml': [
    '9:15: error: duplicate step name "start", first used at line 5 (step names are unique across the suite: they name metrics)',
    '11:11: error: duplicate flow name "a", first used at line 3',
  ],
  'empty-file.yaml': [
    '1:1: error: the suite must be a mapping, got nothing',
  ],
  'empty-flows.yaml': [
    '2:8: error: flows must not be empty',
    '  hint: add at least one flow: flows: [{ name: smoke, steps: [...] }]',
  ],
  'load-model-mix.yaml': [
    '3:3: error: load.vus belongs to the closed model, but this load profile is open',
    '  hint: the open model takes phases and maxInFlight',
    '5:33: error: load.phases[0] has both rate and from/to',
    '  hint: use { duration, rate } for a constant rate or { duration, from, to } for a ramp',
    '6:7: error: load.phases[1] needs rate, or from and to',
    '  hint: use { duration, rate } for a constant rate or { duration, from, to } for a ramp',
  ],
  'message-actions.yaml': [
    '9:43: error: message needs exactly one of text, approve, reject, files, skipWait (step "both"), got text, approve',
    '11:18: error: message needs exactly one of text, approve, reject, files, skipWait (step "none"), got none',
    '14:9: error: "capture" is not allowed on an upload step (step "up")',
    '  hint: an upload step sets <as>.objectKey, <as>.leaf, <as>.fileRef and <as>.fileItem for later steps',
  ],
  'missing-required.yaml': [
    '1:1: error: missing required key "name" at top level',
    '2:5: error: missing required key "name" in flow #1',
    '4:18: error: missing required key "path" in request (step "s")',
  ],
  'no-kind.yaml': [
    '5:9: error: step "nothing" must have exactly one of request, poll, upload, stream, message, blast',
  ],
  'requires-unknown.yaml': [
    '6:16: error: requires names unknown variable "hitlAgentID" (flow "f")',
    '  hint: did you mean "hitlAgentId"?',
    '6:29: error: requires names unknown variable "other" (flow "f")',
    '  hint: declare it under variables:, e.g. other: ${{ env.OTHER }}',
  ],
  'reserved-capture.yaml': [
    '8:11: error: capture name "vu" shadows a built-in (step "s")',
    '  hint: reserved names: vars, env, captures, vu, iteration, flow, uuid, random, randomString, now, timestamp',
    '9:15: error: invalid path "status[0" at character 6 (step "s")',
    '  hint: e.g. /status, /items/0/id or $.items[0].id',
  ],
  'reserved-variable.yaml': [
    '3:3: error: variable name "vu" shadows a built-in',
    '  hint: reserved names: vars, env, captures, vu, iteration, flow, uuid, random, randomString, now, timestamp',
    '4:3: error: variable name "iteration" shadows a built-in',
    '  hint: reserved names: vars, env, captures, vu, iteration, flow, uuid, random, randomString, now, timestamp',
    '6:5: error: flow #1 must be a mapping, got string "just-a-string"',
    '9:9: error: step #1 of flow "f" must be a mapping, got integer 42',
  ],
  'tab-indentation.yaml': [
    '4:11: error: a block sequence may not be used as an implicit map key',
    '5:1: error: tabs are not allowed as indentation',
    '5:2: error: implicit keys need to be on a single line',
    '5:2: error: implicit map keys need to be followed by map values',
  ],
  'threshold-grammar.yaml': [
    '3:30: error: threshold "step.start.latency": expected a number with an optional unit (us, ms, s, m, %), got "> 2s" in "p(95) <> 2s"',
    '  hint: write <aggregate> <op> <value>, e.g. p(95) < 2s, avg < 100ms, rate < 1%, count > 0',
    '4:32: error: threshold "http.errors": a rate metric takes "rate" (or "count" of its hits), not "p" in "p(95) < 5"',
    '  hint: write <aggregate> <op> <value>, e.g. p(95) < 2s, avg < 100ms, rate < 1%, count > 0',
    '5:27: error: threshold "checks": a rate is a fraction from 0 to 1 or a percentage from 0% to 100% in "rate > 101%"',
    '  hint: write <aggregate> <op> <value>, e.g. p(95) < 2s, avg < 100ms, rate < 1%, count > 0',
    '6:20: error: threshold "http.requests": only "count" applies to a counter, not "avg" in " avg > 3"',
    '  hint: write <aggregate> <op> <value>, e.g. p(95) < 2s, avg < 100ms, rate < 1%, count > 0',
  ],
  'two-kinds.yaml': [
    '7:9: error: step "both" has 2 kinds (request, poll): a step must have exactly one of request, poll, upload, stream, message, blast',
    '  hint: split it into separate steps',
  ],
  'undefined-reference.yaml': [
    '10:28: error: undefined reference "agentid" in ${{ agentid }}: no variable or earlier capture has that name',
    '  hint: did you mean "agentId"?',
    '11:32: error: undefined variable "trace" in ${{ vars.trace }}',
    '  hint: known variables: apiKey, agentId',
  ],
  'unknown-key.yaml': [
    '6:9: error: unknown key "reqest" in step "start_run"',
    '  hint: did you mean "request"?',
  ],
  'unknown-schema.yaml': [
    '7:40: error: unknown schema "strat-run" (step "start")',
    '  hint: did you mean "start-run"?',
    '10:55: error: unknown schema "https://example.test/event.schema.json" (step "watch")',
    '  hint: known schemas: conversation, error, finalize, presign, resume, run, sessions, sse-event, start-run',
  ],
  'unknown-threshold-metric.yaml': [
    '3:3: error: unknown metric "step.strat.latency" in thresholds',
    '  hint: did you mean "step.start.latency"?',
    '4:3: error: unknown metric "flow.nosuch.duration" in thresholds',
    '  hint: known metrics: flow.f.duration, step.start.latency, http.latency, http.requests, http.errors, checks, flows.failed, iterations, dropped, stream.first_event',
  ],
  'upload-field.yaml': [
    '3:10: error: ${{ vu }} is not available in variables (they are resolved once, before any virtual user starts)',
    '13:39: error: upload "doc" has no field "fileref" in ${{ doc.fileref }}',
    '  hint: did you mean "fileRef"?',
  ],
  'upload-file-missing.yaml': [
    '6:25: error: upload file "./no/such/file.pdf" does not exist (step "up")',
    '  hint: paths are relative to the suite file',
  ],
  'wrong-types.yaml': [
    '3:8: error: load.vus must be an integer, got string "two"',
    '4:15: error: load.iterations must be an integer, got number 1.5',
    '6:20: error: target.followRedirects must be true or false, got string "yes"',
    '9:13: error: weight (flow "f") must be a number, got string "heavy"',
    '12:28: error: request.method (step "s") must be one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, got "FETCH"',
    '12:41: error: request.path (step "s") must be a string, got integer 42',
  ],
};

function lines(problems: Parameters<typeof formatProblem>[0][]): string[] {
  return problems.flatMap((p) => formatProblem({ ...p, file: '' }).split('\n')).map((l) => l.replace(/^:/, ''));
}

describe('invalid suite fixtures', () => {
  const files = readdirSync(join(fixtures, 'invalid')).filter((f) => f.endsWith('.yaml')).sort();

  it('has at least 15 fixtures, each with its expected problems', () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
    expect(files).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(files)('%s', async (name) => {
    const path = join(fixtures, 'invalid', name);
    const result = await loadSuiteFile(path);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    for (const p of result.problems) {
      expect(p.file).toBe(path);
      expect(p.line).toBeGreaterThanOrEqual(1);
      expect(p.col).toBeGreaterThanOrEqual(1);
    }
    expect(lines(result.problems)).toEqual(EXPECTED[name]);
  });
});

describe('valid suite fixtures', () => {
  const files = readdirSync(join(fixtures, 'valid')).filter((f) => f.endsWith('.yaml')).sort();

  it.each(files)('%s loads without errors', async (name) => {
    const result = await loadSuiteFile(join(fixtures, 'valid', name));
    expect(result.ok ? [] : lines(result.problems)).toEqual([]);
  });
});
