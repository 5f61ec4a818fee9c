/**
 * Entry of a load worker thread: compiles the schemas, says ready, and on `start` runs its
 * partition of the load with its own HTTP pools, recorder and loop monitor, posting a snapshot
 * every second and a final one with its generator health and target fingerprint. `abort`
 * cancels in-flight work; the final snapshot is still posted (a partial report).
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { sleep } from '../flow/sleep.js';
import { partitionFlows } from '../load/eligible.js';
import { startLoopMonitor } from '../metrics/loop-monitor.js';
import { createLoadDriver, perfAt, type LoadDriver } from './drive-load.js';
import { createSession, shippedSchemas, type Session } from './session.js';
import { STATUS_EVERY_MS, type FromWorker, type ToWorker, type WorkerInit } from './worker-protocol.js';

function post(port: MessagePort, message: FromWorker): void {
  port.postMessage(message);
}

function status(session: Session, driver: LoadDriver) {
  return { snapshot: session.recorder.snapshot(), live: session.recorder.live(), progress: driver.progress() };
}

async function runLoad(port: MessagePort, init: WorkerInit, session: Session, startMs: number): Promise<void> {
  const { runnable } = partitionFlows(init.session.suite, session.ctx.vars);
  const driver = createLoadDriver({ ctx: session.ctx, recorder: session.recorder, load: init.load, flows: runnable, partition: init.partition, startPerfMs: perfAt(startMs) });
  const monitor = startLoopMonitor();
  const timer = setInterval(() => post(port, { type: 'status', ...status(session, driver) }), STATUS_EVERY_MS);
  try {
    // Every worker starts on the same wall-clock moment, so their schedules interleave exactly.
    await sleep(startMs - Date.now(), session.controller.signal);
    await driver.run();
  } finally {
    clearInterval(timer);
  }
  post(port, { type: 'done', ...status(session, driver), generator: monitor.stop(), fingerprint: session.fingerprint.result() });
  await session.client.close();
}

async function main(port: MessagePort, init: WorkerInit): Promise<void> {
  const registry = await shippedSchemas();
  let session: Session | undefined;
  let abortRequested = false;
  port.on('message', (message: ToWorker) => {
    if (message.type === 'abort') {
      abortRequested = true;
      session?.controller.abort('interrupted');
      return;
    }
    if (session !== undefined) return;
    session = createSession({ ...init.session, startMs: message.startMs }, registry);
    if (abortRequested) session.controller.abort('interrupted');
    // A rejection here is a harness bug: it surfaces as the worker's error event (a crash).
    void runLoad(port, init, session, message.startMs).then(() => port.close());
  });
  post(port, { type: 'ready' });
}

if (parentPort === null) throw new Error('worker-main.ts runs only as a worker thread');
void main(parentPort, workerData as WorkerInit);
