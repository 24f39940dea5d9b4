// The compression pipeline hands each chunk to whichever worker is free: a worker kept
// off a core (a busy machine) must not hold up the chunks the other could compress.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { test } from 'node:test';
import { compressFileInWorkers } from '../gzip-pipeline';
import type { GzipChunkArgs, GzipMethods } from '../gzip-worker';
import type { EngineWorker } from '../../runtime/worker-client';
import { makeTempDir } from '../../test/fixtures/temp-dir';
import { recordingContext } from '../../test/fixtures/backup-helpers';

/** A stand-in for a gzip worker that compresses with zlib, on the calling thread. */
class FakeGzipWorker {
  handled = 0;
  constructor(
    private readonly beforeChunk: (self: FakeGzipWorker) => Promise<void> = () => Promise.resolve(),
    private readonly afterChunk: (self: FakeGzipWorker) => void = () => undefined,
  ) {}

  async call<T>(method: string, raw: unknown): Promise<T> {
    assert.equal(method, 'gzipChunk');
    const args = raw as GzipChunkArgs;
    await this.beforeChunk(this);
    const member = zlib.gzipSync(new Uint8Array(args.input, 0, args.length), { level: args.level });
    new Uint8Array(args.output).set(member);
    this.handled++;
    this.afterChunk(this);
    return member.length as T;
  }
}

test('a stalled worker does not hold up the chunks the other worker could compress', async () => {
  const tmp = makeTempDir('gzip-pipeline');
  try {
    const chunkBytes = 16 * 1024;
    const source = path.join(tmp.dir, 'source.bin');
    const data = crypto.randomBytes(chunkBytes * 9);
    fs.writeFileSync(source, data);

    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const fast = new FakeGzipWorker(undefined, (self) => {
      if (self.handled >= 5) release();
    });
    // The first worker's first chunk waits until the other worker has compressed five
    // chunks (all the other slots hold): dealt in turn, it would have got only every
    // other chunk and then waited too. The ceiling only ends a test that failed.
    let heldFor = 0;
    const ceiling = setTimeout(release, 10_000);
    const stalled = new FakeGzipWorker(async (self) => {
      if (self.handled > 0) return;
      await released;
      heldFor = fast.handled;
    });
    try {
      const result = await compressFileInWorkers(source, path.join(tmp.dir, 'out.gz'), recordingContext(), {
        workers: [stalled, fast] as unknown as EngineWorker<GzipMethods>[],
        chunkBytes,
        level: 6,
      });
      assert.equal(heldFor, 5, 'the free worker took every chunk it had room for');
      assert.equal(result.memberSizes.length, 9);
      const out = fs.readFileSync(path.join(tmp.dir, 'out.gz'));
      assert.ok(zlib.gunzipSync(out).equals(data), 'the members unpack, in order, to the source');
      assert.equal(result.sha256, crypto.createHash('sha256').update(out).digest('hex'));
    } finally {
      clearTimeout(ceiling);
    }
  } finally {
    tmp.cleanup();
  }
});

test('each worker is handed its next chunk while it still compresses one', async () => {
  const tmp = makeTempDir('gzip-pipeline-queue');
  try {
    const chunkBytes = 16 * 1024;
    const source = path.join(tmp.dir, 'source.bin');
    const data = crypto.randomBytes(chunkBytes * 8);
    fs.writeFileSync(source, data);
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    // Nothing finishes until every worker holds two chunks. Handed one at a time, each
    // would hold one and the ceiling (which only ends a test that failed) would be hit.
    const outstanding = new Map<FakeGzipWorker, number>();
    let holdingTwo = false;
    let ceilingHit = false;
    const ceiling = setTimeout(() => {
      ceilingHit = true;
      release();
    }, 10_000);
    const hold = async (self: FakeGzipWorker): Promise<void> => {
      outstanding.set(self, (outstanding.get(self) ?? 0) + 1);
      if (!ceilingHit && [...outstanding.values()].filter((n) => n === 2).length === 2) {
        holdingTwo = true;
        release();
      }
      await released;
    };
    const workers = [new FakeGzipWorker(hold), new FakeGzipWorker(hold)];
    try {
      const result = await compressFileInWorkers(source, path.join(tmp.dir, 'out.gz'), recordingContext(), {
        workers: workers as unknown as EngineWorker<GzipMethods>[],
        chunkBytes,
        level: 6,
      });
      assert.ok(holdingTwo, 'a worker was left without its next chunk');
      const out = fs.readFileSync(path.join(tmp.dir, 'out.gz'));
      assert.ok(zlib.gunzipSync(out).equals(data), 'the members unpack, in order, to the source');
      assert.equal(result.memberSizes.length, 8);
    } finally {
      clearTimeout(ceiling);
    }
  } finally {
    tmp.cleanup();
  }
});
