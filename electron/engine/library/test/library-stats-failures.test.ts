// Library stats with variant A's recorded rescan failures: only tracks still in the
// library and still without features count as failed, the rest stay pending; variant B
// keeps its own column; the worker version gives the same numbers as the direct one.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import type { LibraryStats } from '../../../../shared/types';
import { getLibraryStats } from '../library';
import {
  countRecordedFailures,
  readStatsWithFailures,
  readStatsWithFailuresAsync,
  withRecordedFailures,
} from '../library-stats-failures';
import { FailureStore } from '../../rescan/failure-store';
import { makeTempDir } from '../../test/fixtures/temp-dir';
import { createLibrary, type FixtureTrack } from '../../test/fixtures/rescan-fixtures';

const FEATURES = JSON.stringify({ full: { extraction_method: 'beat3tower' } });

/**
 * analysed: has features. failed-still: no features, recorded failed. pending: no
 * features, nothing recorded. failed-then-analysed: recorded failed, has features now.
 * (A fifth record, `gone`, names a track deleted from the library.)
 */
const TRACKS: FixtureTrack[] = [
  { id: 'analysed', filePath: 'a.wav', features: FEATURES },
  { id: 'failed-still', filePath: 'b.wav' },
  { id: 'pending', filePath: 'c.wav' },
  { id: 'failed-then-analysed', filePath: 'd.wav', features: FEATURES },
];

async function recordFailures(stateDir: string, libraryPath: string, ids: string[]): Promise<void> {
  const store = FailureStore.load(stateDir, libraryPath);
  for (const id of ids) {
    store.record(id, {
      filePath: `${id}.wav`,
      reason: 'Cannot decode',
      failedAt: '2024-01-01T00:00:00.000Z',
    });
  }
  await store.save();
}

function setUp(t: { after(fn: () => void): void }, variant: 'A' | 'B', tracks = TRACKS) {
  const tmp = makeTempDir(`stats-failures-${variant}`);
  t.after(tmp.cleanup);
  const libraryPath = path.join(tmp.dir, 'library.db');
  createLibrary(libraryPath, variant, tracks);
  return { libraryPath, stateDir: path.join(tmp.dir, 'data', 'state') };
}

test('variant A: recorded failures that still apply move from pending to failed', async (t) => {
  const { libraryPath, stateDir } = setUp(t, 'A');
  const plain = getLibraryStats(libraryPath);
  assert.deepEqual(
    [plain.pending, plain.failed],
    [2, 0],
    'the database alone cannot tell failed from pending',
  );

  await recordFailures(stateDir, libraryPath, ['failed-still', 'failed-then-analysed', 'gone']);
  assert.equal(countRecordedFailures(libraryPath, stateDir), 1);
  const stats = readStatsWithFailures(libraryPath, stateDir);
  assert.deepEqual(stats, { ...plain, pending: 1, failed: 1 });
  assert.equal(stats.analyzed + stats.pending + stats.failed, stats.tracks);
});

test('variant A with nothing recorded (or another data folder) reads as the database alone', async (t) => {
  const { libraryPath, stateDir } = setUp(t, 'A');
  assert.deepEqual(readStatsWithFailures(libraryPath, stateDir), getLibraryStats(libraryPath));
  await recordFailures(stateDir, libraryPath, ['failed-still']);
  const otherDataDir = path.join(path.dirname(stateDir), '..', 'other-data', 'state');
  assert.deepEqual(readStatsWithFailures(libraryPath, otherDataDir), getLibraryStats(libraryPath));
});

test('variant B: failures come from sonic_failed_at; a stray state file changes nothing', async (t) => {
  const { libraryPath, stateDir } = setUp(t, 'B', [
    ...TRACKS,
    { id: 'failed-in-db', filePath: 'e.wav', failedAt: 1_700_000_000 },
  ]);
  await recordFailures(stateDir, libraryPath, ['pending', 'failed-still']);
  const stats = readStatsWithFailures(libraryPath, stateDir);
  assert.deepEqual(stats, getLibraryStats(libraryPath));
  assert.deepEqual([stats.pending, stats.failed], [2, 1]);
});

test('the adjustment never makes failed exceed what is pending', () => {
  const base: LibraryStats = {
    libraryPath: '/lib.db',
    variant: 'A',
    databaseBytes: 1,
    tracks: 10,
    analyzed: 7,
    pending: 3,
    failed: 0,
    beat3tower: 7,
    legacy: 0,
  };
  assert.deepEqual(withRecordedFailures(base, 2), { ...base, pending: 1, failed: 2 });
  // A rescan wrote between the two reads: the counts still add up to the total.
  assert.deepEqual(withRecordedFailures(base, 5), { ...base, pending: 0, failed: 3 });
  assert.deepEqual(withRecordedFailures({ ...base, variant: 'B' }, 2), { ...base, variant: 'B' });
});

test('the app reads the same numbers through a worker', async (t) => {
  const { libraryPath, stateDir } = setUp(t, 'A');
  await recordFailures(stateDir, libraryPath, ['failed-still']);
  assert.deepEqual(
    await readStatsWithFailuresAsync(libraryPath, stateDir),
    readStatsWithFailures(libraryPath, stateDir),
  );
  assert.equal((await readStatsWithFailuresAsync(libraryPath, stateDir)).failed, 1);
});
