// Worker side of the protocol. Loads the module named in workerData and serves the
// functions in its exported `handlers` object: (args, ctx) => Promise<result>.
import { parentPort, workerData } from 'node:worker_threads';
import { ContractError } from '../../../shared/errors';
import { createProgressReporter, type JobContext } from './progress';
import { isHostToWorker, type WorkerMethods, type WorkerToHost } from './worker-protocol';

const port = parentPort;
if (!port) throw new Error('worker-entry must run in a worker thread');
// Workers keep the normal priority, as the main thread and the reference tools do. At
// niceness 10 (as before), an app backup beside two busy programs took 25-31 s instead of
// 5 s and the main thread's longest stall was no shorter (49 against 33 ms); on a quiet
// machine the longest stalls were the same either way (7-11 ms over five runs each).
const { modulePath } = workerData as { modulePath: string };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const mod = require(modulePath) as { handlers?: WorkerMethods };
const handlers = mod.handlers ?? {};
const running = new Map<number, AbortController>();

function send(msg: WorkerToHost): void {
  port!.postMessage(msg);
}

// The host starts one worker at a time and the next once this one has loaded its module
// (worker-client.ts).
send({ kind: 'ready' });

port.on('message', (raw: unknown) => {
  if (!isHostToWorker(raw)) return;
  if (raw.kind === 'cancel') {
    running.get(raw.seq)?.abort();
    return;
  }
  const { seq, method, args } = raw;
  const handler = Object.hasOwn(handlers, method) ? handlers[method] : undefined;
  if (!handler) {
    send({
      kind: 'error',
      seq,
      error: { code: 'unknown-method', message: `No worker method ${method}.`, stack: null },
    });
    return;
  }
  const controller = new AbortController();
  running.set(seq, controller);
  // Throttle here too, so a hot loop in the worker does not flood the message port.
  const report = createProgressReporter((p) => send({ kind: 'progress', seq, progress: p }), {
    intervalMs: 50,
  });
  const ctx: JobContext = { signal: controller.signal, report };
  Promise.resolve()
    // The host typed `args` by the method's name (worker-client.ts); it crosses as it was sent.
    .then(() => handler(args as never, ctx))
    .then(
      (value) => send({ kind: 'result', seq, value }),
      (err: unknown) => {
        const e = err instanceof Error ? err : new Error(String(err));
        const code =
          err instanceof ContractError ? err.code : controller.signal.aborted ? 'cancelled' : 'internal';
        send({ kind: 'error', seq, error: { code, message: e.message, stack: e.stack ?? null } });
      },
    )
    .finally(() => running.delete(seq));
});
