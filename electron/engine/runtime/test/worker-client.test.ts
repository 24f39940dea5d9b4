// EngineWorker creates its thread on a later turn of the event loop (one per turn, so a
// backup's four workers do not stall the main thread at once). What is sent before the
// thread exists must still arrive, in order, and stopping it before then must answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ContractError } from '../../../../shared/errors';
import type { GzipChunkArgs } from '../../compression/gzip-worker';
import { EngineWorker } from '../worker-client';

const GZIP_WORKER = path.join(__dirname, '..', '..', 'compression', 'gzip-worker.js');

function isCode(code: string): (err: unknown) => boolean {
  return (err: unknown) => err instanceof ContractError && err.code === code;
}

test('calls made before the threads exist are answered, in order', async () => {
  const workers = Array.from({ length: 4 }, () => new EngineWorker(GZIP_WORKER));
  try {
    const answers = workers.flatMap((w) => {
      const input = new SharedArrayBuffer(16);
      const args: GzipChunkArgs = { input, length: 16, output: new SharedArrayBuffer(2048), level: 1 };
      return [w.call<number>('gzipChunk', args), w.call('no-such-method', null)];
    });
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
  const worker = new EngineWorker(GZIP_WORKER);
  const call = worker.call('gzipChunk', null);
  await worker.terminate();
  await assert.rejects(call, isCode('internal'));
  await assert.rejects(worker.call('gzipChunk', null), isCode('internal'));
});
