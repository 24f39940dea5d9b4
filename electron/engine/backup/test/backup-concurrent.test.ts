// createBackup while another connection writes: the snapshot is one committed state,
// the live WAL is read but never checkpointed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { createBackup } from '../backup';
import { handlers } from '../snapshot-worker';
import type { JobContext } from '../../runtime/progress';
import { createVariantALibrary } from '../../test/fixtures/libraries';
import {
  countRows,
  integrityCheck,
  recordingContext,
  unpackBackup,
} from '../../test/fixtures/backup-helpers';
import { WRITER_BATCH, type WriterMessage } from '../../test/fixtures/concurrent-writer';
import { makeTempDir } from '../../test/fixtures/temp-dir';

const INITIAL_TRACKS = 600;

function startWriter(libraryPath: string): {
  worker: Worker;
  committed(): number;
  waitFor(n: number): Promise<void>;
  stop(): Promise<number>;
} {
  const worker = new Worker(path.join(__dirname, '..', '..', 'test', 'fixtures', 'concurrent-writer.js'), {
    workerData: { libraryPath },
  });
  let batches = 0;
  const waiters: { n: number; resolve(): void }[] = [];
  worker.on('message', (msg: WriterMessage) => {
    batches = msg.batches;
    for (const w of waiters.filter((x) => batches >= x.n)) w.resolve();
  });
  return {
    worker,
    committed: () => batches,
    waitFor: (n) =>
      batches >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve })),
    stop: () =>
      new Promise((resolve, reject) => {
        worker.on('message', (msg: WriterMessage) => {
          if (msg.kind === 'stopped') void worker.terminate().then(() => resolve(msg.batches));
        });
        worker.on('error', reject);
        worker.postMessage('stop');
      }),
  };
}

test('a backup taken while another connection commits batches holds exactly some committed state', async () => {
  const tmp = makeTempDir('backup-concurrent');
  try {
    const lib = path.join(tmp.dir, 'library.db');
    createVariantALibrary(lib, { tracks: INITIAL_TRACKS });
    const backupDir = path.join(tmp.dir, 'backups');
    const writer = startWriter(lib);
    let meta;
    let before: number;
    let after: number;
    try {
      await writer.waitFor(5);
      before = writer.committed();
      // Small steps so the writer's commits land between steps and force SQLite to restart the copy.
      meta = await createBackup({
        libraryPath: lib,
        backupDir,
        trigger: 'manual',
        appVersion: 'test',
        ctx: recordingContext(),
        tuning: { pagesPerStep: 4, chunkBytes: 256 * 1024 },
      });
      after = writer.committed();
    } finally {
      await writer.stop();
    }
    const unpacked = unpackBackup(path.join(backupDir, `${meta.id}.db.gz`), tmp.dir);
    assert.equal(integrityCheck(unpacked), 'ok');
    const tracks = countRows(unpacked, 'tracks');
    const added = tracks - INITIAL_TRACKS;
    assert.equal(added % WRITER_BATCH, 0, `the snapshot holds a half-committed batch (${added} rows added)`);
    const batches = added / WRITER_BATCH;
    assert.ok(
      batches >= before && batches <= after,
      `snapshot at batch ${batches}, expected ${before}..${after}`,
    );
    assert.equal(meta.stats.tracks, tracks, 'metadata must describe the snapshot, not the live library');
    assert.ok(after > before, 'the writer made no progress during the backup; the test proves nothing');
  } finally {
    tmp.cleanup();
  }
});

test('rows still only in the WAL are in the backup, and the WAL is not checkpointed', async () => {
  const tmp = makeTempDir('backup-wal');
  try {
    const lib = path.join(tmp.dir, 'library.db');
    createVariantALibrary(lib, { tracks: 100 });
    const writer = new Database(lib);
    try {
      writer.pragma('wal_autocheckpoint = 0');
      writer
        .prepare(
          "INSERT INTO tracks (track_id, title, file_path) VALUES ('wal-only', 'In the WAL', '/x.flac')",
        )
        .run();
      const mainBefore = fs.readFileSync(lib);
      const walBefore = fs.readFileSync(`${lib}-wal`);
      assert.ok(walBefore.length > 0);
      const meta = await createBackup({
        libraryPath: lib,
        backupDir: path.join(tmp.dir, 'backups'),
        trigger: 'manual',
        appVersion: 'test',
        ctx: recordingContext(),
      });
      assert.ok(fs.readFileSync(lib).equals(mainBefore), 'the main database file changed');
      assert.ok(fs.readFileSync(`${lib}-wal`).equals(walBefore), 'the WAL changed');
      const unpacked = unpackBackup(path.join(tmp.dir, 'backups', `${meta.id}.db.gz`), tmp.dir);
      assert.equal(countRows(unpacked, 'tracks'), 101);
      assert.equal(meta.stats.tracks, 101);
    } finally {
      writer.close();
    }
  } finally {
    tmp.cleanup();
  }
});

test('stats read beside the copy are used only when they describe the copied state', async () => {
  const tmp = makeTempDir('backup-facts');
  try {
    const lib = path.join(tmp.dir, 'library.db');
    createVariantALibrary(lib, { tracks: 200 });
    const backupDir = path.join(tmp.dir, 'backups');
    const backup = async (afterSnapshotPinned?: () => void) => {
      const sources: string[] = [];
      const meta = await createBackup({
        libraryPath: lib,
        backupDir,
        trigger: 'manual',
        appVersion: 'test',
        ctx: recordingContext(),
        testHooks: { afterSnapshotPinned, onFactsSource: (s) => sources.push(s) },
      });
      const unpacked = unpackBackup(path.join(backupDir, `${meta.id}.db.gz`), tmp.dir, `${meta.id}.db`);
      return { meta, sources, rows: countRows(unpacked, 'tracks') };
    };

    const quiet = await backup();
    assert.deepEqual(quiet.sources, ['library'], 'a quiet WAL library is read beside the copy');
    assert.equal(quiet.meta.stats.tracks, 200);
    assert.equal(quiet.rows, 200);

    // A commit after the copy pinned its state but before the stats reader started: that
    // reader would count the new row, so its numbers must be thrown away.
    const writer = new Database(lib);
    try {
      const raced = await backup(() => {
        writer
          .prepare("INSERT INTO tracks (track_id, title, file_path) VALUES ('late', 'Late', '/late.flac')")
          .run();
      });
      assert.deepEqual(raced.sources, ['snapshot-file']);
      assert.equal(raced.rows, 200, 'the copy holds the pinned state');
      assert.equal(raced.meta.stats.tracks, 200, 'metadata must describe the snapshot, not the live library');
    } finally {
      writer.close();
    }
  } finally {
    tmp.cleanup();
  }
});

test('a rollback-journal library: stats read beside the copy unless a commit lands first', async () => {
  const tmp = makeTempDir('backup-rollback');
  try {
    const lib = path.join(tmp.dir, 'library.db');
    createVariantALibrary(lib, { tracks: 150, wal: false });
    const backupDir = path.join(tmp.dir, 'backups');
    const backup = async (afterSnapshotPinned?: () => void) => {
      const sources: string[] = [];
      const meta = await createBackup({
        libraryPath: lib,
        backupDir,
        trigger: 'manual',
        appVersion: 'test',
        ctx: recordingContext(),
        testHooks: { afterSnapshotPinned, onFactsSource: (s) => sources.push(s) },
      });
      const unpacked = unpackBackup(path.join(backupDir, `${meta.id}.db.gz`), tmp.dir, `${meta.id}.db`);
      return { meta, sources, rows: countRows(unpacked, 'tracks') };
    };
    const quiet = await backup();
    assert.deepEqual(quiet.sources, ['library'], 'a quiet library is read beside the copy');
    assert.equal(quiet.meta.stats.tracks, 150);
    assert.equal(quiet.rows, 150);

    // A commit after the stats connection's mark: nothing pins a rollback-journal
    // library, so the copy holds the new row, and the stats must come from the copy.
    const writer = new Database(lib);
    try {
      const raced = await backup(() => {
        writer
          .prepare("INSERT INTO tracks (track_id, title, file_path) VALUES ('late', 'Late', '/late.flac')")
          .run();
      });
      assert.deepEqual(raced.sources, ['snapshot-file']);
      assert.equal(raced.rows, 151);
      assert.equal(raced.meta.stats.tracks, 151, 'metadata must describe the snapshot');
    } finally {
      writer.close();
    }
  } finally {
    tmp.cleanup();
  }
});

test('rollback journal: stats read beside the copy are refused when a commit lands before the copy ends', () => {
  const tmp = makeTempDir('backup-unpinned');
  try {
    const lib = path.join(tmp.dir, 'library.db');
    createVariantALibrary(lib, { tracks: 30, wal: false });
    // Called by name, as the worker entry does.
    const byName = handlers as unknown as Record<string, (args: unknown, ctx: JobContext) => unknown>;
    const call = (name: string, args: unknown = {}): unknown => byName[name]!(args, recordingContext());
    // Nobody writes: the reading stands.
    call('markDataVersion', { libraryPath: lib, busyTimeoutMs: 1000 });
    const facts = call('statsUnpinned') as { stats: { tracks: number } } | null;
    assert.equal(facts?.stats.tracks, 30);
    assert.equal(call('unchangedSinceMark'), true);
    // A commit after the reading (while the copy would still run): it must be refused.
    call('markDataVersion', { libraryPath: lib, busyTimeoutMs: 1000 });
    assert.equal((call('statsUnpinned') as { stats: { tracks: number } } | null)?.stats.tracks, 30);
    const writer = new Database(lib);
    try {
      writer.prepare("INSERT INTO tracks (track_id, title, file_path) VALUES ('x', 'X', '/x.flac')").run();
    } finally {
      writer.close();
    }
    assert.equal(call('unchangedSinceMark'), false);
    // Locked by another program at the moment of reading: no wait, no numbers.
    call('markDataVersion', { libraryPath: lib, busyTimeoutMs: 1000 });
    const holder = new Database(lib);
    holder.exec('BEGIN EXCLUSIVE');
    try {
      assert.equal(call('statsUnpinned'), null);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    call('unchangedSinceMark');
  } finally {
    tmp.cleanup();
  }
});
