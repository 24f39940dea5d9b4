// EngineWorker creates its thread on a later turn of the event loop, one thread at a time
// (the next once the previous has loaded its module, so a backup's four workers are not
// four CPU-hungry start-ups beside the main thread at once). What is sent before the
// thread exists must still arrive, in order, and stopping it before then must answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import workerThreads from 'node:worker_threads';
import { ContractError } from '../../../../shared/errors';
import type { GzipChunkArgs } from '../../compression/gzip-worker';
import { EngineWorker } from '../worker-client';
import { startWorker } from '../../workers';

/** The same worker, called by any name (as a host with an out-of-date map would). */
function byAnyName(worker: object): { call(m: string, args: unknown): Promise<unknown> } {
  return worker as { call(m: string, args: unknown): Promise<unknown> };
}

function chunkArgs(): GzipChunkArgs {
  return { input: new SharedArrayBuffer(16), length: 16, output: new SharedArrayBuffer(2048), level: 1 };
}

function isCode(code: string): (err: unknown) => boolean {
  return (err: unknown) => err instanceof ContractError && err.code === code;
}

test('calls made before the threads exist are answered, in order', async () => {
  const workers = Array.from({ length: 4 }, () => startWorker('gzip'));
  try {
    const answers = workers.flatMap((w) => [
      w.call('gzipChunk', chunkArgs()),
      byAnyName(w).call('no-such-method', null),
    ]);
    const settled = await Promise.allSettled(answers);
    for (let i = 0; i < settled.length; i += 2) {
      const first = settled[i]!;
      assert.equal(first.status, 'fulfilled');
      assert.ok((first as PromiseFulfilledResult<number>).value > 18, 'a gzip member of 16 bytes');
      const second = settled[i + 1]!;
      assert.equal(second.status, 'rejected');
      assert.ok(isCode('unknown-method')((second as PromiseRejectedResult).reason));
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
});

test('stopping a worker before its thread exists answers its calls and stops it for good', async () => {
  const worker = startWorker('gzip');
  const call = worker.call('gzipChunk', chunkArgs());
  await worker.terminate();
  await assert.rejects(call, isCode('internal'));
  await assert.rejects(worker.call('gzipChunk', chunkArgs()), isCode('internal'));
});

/** Only catches a hang (a start slot never given back); the tests wait for events. */
const HANG_CEILING_MS = 60_000;

test('threads start one at a time, each once the previous one has loaded its module', async () => {
  const events: string[] = [];
  const Original = workerThreads.Worker;
  let created = 0;
  // Every thread the client creates goes through this constructor, which notes its
  // creation and its `ready` message in the order this thread sees them.
  class NotingWorker extends Original {
    constructor(...args: ConstructorParameters<typeof Original>) {
      super(...args);
      const n = ++created;
      events.push(`create ${n}`);
      this.on('message', (msg: { kind?: unknown }) => {
        if (msg.kind === 'ready') events.push(`ready ${n}`);
      });
    }
  }
  (workerThreads as { Worker: typeof Original }).Worker = NotingWorker;
  const workers = Array.from({ length: 3 }, () => startWorker('gzip'));
  try {
    await Promise.all(workers.map((w) => w.call('gzipChunk', chunkArgs())));
  } finally {
    (workerThreads as { Worker: typeof Original }).Worker = Original;
    await Promise.all(workers.map((w) => w.terminate()));
  }
  assert.deepEqual(events, ['create 1', 'ready 1', 'create 2', 'ready 2', 'create 3', 'ready 3']);
});

test(
  'a worker whose module fails to load does not hold up the next one',
  { timeout: HANG_CEILING_MS },
  async () => {
    const broken = new EngineWorker<{ ping: () => string }>(path.join(__dirname, 'no-such-worker-module.js'));
    const next = startWorker('gzip');
    try {
      await assert.rejects(broken.call('ping', undefined));
      assert.ok((await next.call('gzipChunk', chunkArgs())) > 18, 'a gzip member of 16 bytes');
    } finally {
      await Promise.all([broken.terminate(), next.terminate()]);
    }
  },
);
