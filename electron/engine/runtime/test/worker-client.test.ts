// EngineWorker creates its thread on a later turn of the event loop (one per turn, so a
// backup's four workers do not stall the main thread at once). What is sent before the
// thread exists must still arrive, in order, and stopping it before then must answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ContractError } from '../../../../shared/errors';
import type { GzipChunkArgs } from '../../compression/gzip-worker';
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
