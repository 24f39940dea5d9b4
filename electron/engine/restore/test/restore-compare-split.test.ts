// A preview compares half the tracks in a helper worker when the library is big enough.
// Split or not, the answer must be the same, and when a write lands between the two
// transactions (so they would see different libraries) the split must not happen.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { decompressBackupToTemp, type TempDatabase } from '../../test/fixtures/decompress';
import { silentContext, type JobContext } from '../../runtime/progress';
import { compareForPreview, type PreviewComparison } from '../restore-compare';
import { MIN_SPLIT_TRACKS, type HelperFactory } from '../restore-compare-split';
import type { EngineWorker } from '../../runtime/worker-client';
import { startWorker } from '../../workers';
import type { RestoreCompareMethods } from '../restore-compare-worker';
import {
  libraryWithBackup,
  removeTree,
  tamperLibrary,
  type Fixture,
} from '../../test/fixtures/restore-scenario';

const TRACKS = MIN_SPLIT_TRACKS + 400;

/**
 * A real helper, already started (so it is ready to share the work at once), whose calls
 * are recorded; `beforeBegin` runs before it opens its transaction.
 */
async function recordedHelper(beforeBegin: () => void = () => undefined): Promise<{
  start: HelperFactory;
  calls: string[];
  /** Stops the helper in case it was never handed out. */
  stop(): Promise<void>;
}> {
  const calls: string[] = [];
  const real = startWorker('restoreCompare');
  // Called by any name, to record the calls whatever they are.
  const byName = real as unknown as {
    call(m: string, args: unknown, ctx: JobContext | null): Promise<unknown>;
  };
  // Any answer, even "no such method", means the worker has started.
  await byName.call('ready?', null, null).catch(() => undefined);
  const start = (): EngineWorker<RestoreCompareMethods> => {
    return {
      call(method: string, args: unknown, ctx: JobContext | null) {
        calls.push(method);
        if (method === 'begin') beforeBegin();
        return byName.call(method, args, ctx);
      },
      terminate: () => {
        calls.push('terminate');
        return real.terminate();
      },
    } as unknown as EngineWorker<RestoreCompareMethods>;
  };
  return { start, calls, stop: () => real.terminate() };
}

describe('compareForPreview split across two workers', () => {
  let fx: Fixture;
  let copy: TempDatabase;
  let single: PreviewComparison;

  before(async () => {
    fx = await libraryWithBackup('preview-split', { tracks: TRACKS, seed: 5 });
    tamperLibrary(fx.libraryPath, 'A');
    const db = new Database(fx.libraryPath);
    // Changes in the upper half of the rows too (the tampering above takes the first rows).
    db.prepare('UPDATE tracks SET sonic_features = NULL WHERE rowid % 7 = 0 AND rowid > ?').run(TRACKS / 2);
    db.close();
    copy = await decompressBackupToTemp(fx.backupDir, fx.backup.id, silentContext());
    single = await compareForPreview(fx.libraryPath, copy.path, fx.backup.stats, silentContext(), null);
  });
  after(async () => {
    await copy?.dispose();
    removeTree(fx.root);
  });

  it('gives the same counts, changes and unmatched tracks as one worker alone', async () => {
    const { start, calls, stop } = await recordedHelper();
    try {
      const split = await compareForPreview(
        fx.libraryPath,
        copy.path,
        fx.backup.stats,
        silentContext(),
        start,
      );
      assert.equal(calls[0], 'begin');
      // How many chunks the helper takes depends on how soon its thread runs (a loaded
      // machine may give it none); the verdict is that the result is the same either way.
      assert.equal(calls.at(-1), 'terminate');
      assert.deepEqual(split, single);
      const changedRows = new Set(single.changes.map((c) => c.trackId));
      assert.ok(changedRows.size > 100, 'the fixture should change tracks in both halves');
      assert.ok(single.counts.matchedByPath > 0 && single.unmatched.length > 0);
    } finally {
      await stop();
    }
  });

  it('compares alone when a write commits between the two transactions', async () => {
    const writer = new Database(fx.libraryPath);
    const { start, calls, stop } = await recordedHelper(() => {
      writer.prepare("UPDATE tracks SET album = 'changed while the preview starts' WHERE rowid = 1").run();
    });
    try {
      const result = await compareForPreview(
        fx.libraryPath,
        copy.path,
        fx.backup.stats,
        silentContext(),
        start,
      );
      assert.deepEqual(calls, ['begin', 'terminate'], 'no chunk may go to a helper on another snapshot');
      assert.deepEqual(result, single);
    } finally {
      writer.close();
      await stop();
    }
  });

  it('starts no helper for a library too small to share out', async () => {
    const small = await libraryWithBackup('preview-split-small', { tracks: MIN_SPLIT_TRACKS - 1 });
    const smallCopy = await decompressBackupToTemp(small.backupDir, small.backup.id, silentContext());
    const { start, calls, stop } = await recordedHelper();
    try {
      const result = await compareForPreview(
        small.libraryPath,
        smallCopy.path,
        small.backup.stats,
        silentContext(),
        start,
      );
      assert.deepEqual(calls, []);
      assert.equal(result.counts.unchanged, MIN_SPLIT_TRACKS - 1);
    } finally {
      await stop();
      await smallCopy.dispose();
      removeTree(small.root);
    }
  });
});
