/**
 * The command table. Each command lives in its own file and is loaded on demand, so that
 * `phrony-harness serve` does not pay for the runner's imports and vice versa.
 */
import type { Command } from '../io.js';

function lazy(load: () => Promise<{ command: Command }>): Command {
  return async (argv, io) => (await load()).command(argv, io);
}

export const commands: Record<string, Command> = {
  run: lazy(() => import('./run.js')),
  validate: lazy(() => import('./validate.js')),
  serve: lazy(() => import('./serve.js')),
  report: lazy(() => import('./report.js')),
  compare: lazy(() => import('./compare.js')),
  certify: lazy(() => import('./certify.js')),
  merge: lazy(() => import('./merge.js')),
};

export function usage(): string {
  return `phrony-harness: load testing and conformance for the Phrony agent API

Usage:
  phrony-harness run [suite.yaml ...]        run suites (default: suites/smoke.yaml)
      --base-url URL      target (env PHRONY_API_BASE); none: start the embedded reference server
      --api-key KEY       env PHRONY_API_KEY; never printed
      --agent-id ID       env AGENT_ID (or PHRONY_AGENT_ID)
      --var NAME=VALUE    set a suite variable (repeatable)
      --concurrency N | --iterations N | --duration 30s   closed model (virtual users)
      --rate N [--max-in-flight N] [--duration 30s]       open model (arrivals per second)
      --workers N         load threads (default: one per core)
      --shard i/N [--start-at TIME]   run shard i of N; start at an ISO time or epoch ms
      --out DIR           report folder (default reports/<timestamp>-<suite>/)
      --baseline FILE     compare with a previous report.json at the end (exit 4 on regression)
      --quiet             no progress output
  phrony-harness validate suite.yaml ...     check suites; every problem as file:line:col
  phrony-harness serve [--port N] [--host H] [--config file]
                                             run the reference server; first stdout line is JSON
  phrony-harness report report.json --format html|junit|md [--out FILE]
                                             re-render a report
  phrony-harness compare baseline.json current.json [--format text|md|html] [--out FILE]
                                             regression verdict between two reports (exit 4)
  phrony-harness merge a.json b.json ... --out DIR [--suite suite.yaml]
                                             exact merge of shard reports; exit: merged verdict
  phrony-harness certify [--base-url URL --api-key KEY --agent-id ID] [--out DIR]
                                             conformance certificate of a deployment against
                                             suites/conformance.yaml (exit 0 certified, 1 not);
                                             none given: the embedded reference server
      --other-api-key KEY | --no-upload-api-key KEY | --hitl-agent-id ID | --chat-agent-id ID
      --timer-agent-id ID | --file-agent-id ID      optional areas (not covered without them)
      --limited-agent-id ID --rate-limit N          opt-in: 429 check, sends at most N+1 starts
      --expiry-wait 10s                             opt-in: wait (max 10 s) for an upload URL to expire
      --poll-interval 1s | --run-timeout 30s        polling pace and patience
      --plan FILE                                   another plan (default suites/conformance.yaml)
      --verify report.json                          check a certificate's SHA-256 digest
      --selftest                                    certify the reference server under each deviation
                                                    switch; print the mutation score

Exit codes: 0 pass · 1 checks failed · 2 usage/suite error · 3 thresholds failed ·
            4 regression · 5 target unreachable or run aborted · 130 interrupted
`;
}
