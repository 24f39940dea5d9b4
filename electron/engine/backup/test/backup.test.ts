// createBackup: real backups of variant A, B and no-tracks libraries, bad names, bad
// folders, cancellation, failed writes and a locked library all leave nothing behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { createBackup, type CreateBackupOptions } from '../backup';
import { listBackups } from '../backup-store';
import { detectVariant, readTrackStats, schemaFingerprint } from '../../library/library';
import {
  createNoTracksLibrary,
  createVariantALibrary,
  createVariantBLibrary,
} from '../../test/fixtures/libraries';
import {
  countRows,
  integrityCheck,
  listDir,
  recordingContext,
  rejectsWith,
  tableDump,
  unpackBackup,
} from '../../test/fixtures/backup-helpers';
import { makeTempDir } from '../../test/fixtures/temp-dir';

const SMALL_CHUNKS = { chunkBytes: 64 * 1024 };

function options(
  libraryPath: string,
  backupDir: string,
  extra: Partial<CreateBackupOptions> = {},
): CreateBackupOptions {
  return {
    libraryPath,
    backupDir,
    trigger: 'manual',
    appVersion: '9.9.9-test',
    ctx: recordingContext(),
    ...extra,
  };
}

function fileHash(p: string): string | null {
  return fs.existsSync(p) ? crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex') : null;
}

/**
 * The library's bytes: the main file and the WAL's contents. A reader of a WAL database
 * may create an empty -wal/-shm pair (SQLite does so for every reader); an absent WAL
 * and an empty one hold the same committed state.
 */
function liveState(libraryPath: string): { main: string | null; wal: string | null } {
  return { main: fileHash(libraryPath), wal: fileHash(`${libraryPath}-wal`) ?? fileHash('/dev/null') };
}

function liveFacts(libraryPath: string): { variant: string; stats: unknown; fingerprint: string } {
  const db = new Database(libraryPath, { readonly: true });
  try {
    const variant = detectVariant(db);
    return { variant, stats: readTrackStats(db, variant), fingerprint: schemaFingerprint(db) };
  } finally {
    db.close();
  }
}

test('variant A: the backup unpacks (zlib and gunzip) to an identical, healthy database with exact metadata', async (t) => {
  const tmp = makeTempDir('backup-a');
  try {
    const lib = path.join(tmp.dir, 'library.db');
    createVariantALibrary(lib, { tracks: 300 });
    const before = liveState(lib);
    const backupDir = path.join(tmp.dir, 'backups');
    const ctx = recordingContext();
    const meta = await createBackup(
      options(lib, backupDir, { name: 'before rescan', ctx, tuning: SMALL_CHUNKS }),
    );

    // The live library was only read.
    assert.deepEqual(liveState(lib), before);

    assert.deepEqual(listDir(backupDir), [`${meta.id}.db.gz`, `${meta.id}.json`]);
    const gzPath = path.join(backupDir, `${meta.id}.db.gz`);
    const gz = fs.readFileSync(gzPath);
    const live = liveFacts(lib);
    assert.match(meta.id, /^\d{8}-\d{6}-\d{3}-[0-9a-f]{6}$/);
    assert.equal(meta.formatVersion, 1);
    assert.equal(meta.name, 'before rescan');
    assert.equal(meta.trigger, 'manual');
    assert.equal(meta.appVersion, '9.9.9-test');
    assert.equal(meta.pinned, false);
    assert.equal(meta.lastVerified, null);
    assert.ok(!Number.isNaN(Date.parse(meta.createdAt)));
    assert.deepEqual(meta.library, { path: lib, variant: 'A', schemaFingerprint: live.fingerprint });
    assert.deepEqual(meta.stats, live.stats);
    assert.equal(meta.stats.tracks, 300);
    assert.ok(meta.stats.beat3tower > 0 && meta.stats.legacy > 0 && meta.stats.pending > 0);
    assert.equal(meta.sizes.compressedBytes, gz.length);
    assert.equal(meta.sha256, crypto.createHash('sha256').update(gz).digest('hex'));
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(backupDir, `${meta.id}.json`), 'utf8')), meta);

    const unpacked = unpackBackup(gzPath, tmp.dir);
    assert.equal(fs.statSync(unpacked).size, meta.sizes.databaseBytes);
    // Small chunks: the file is many gzip members, which must still read as one stream.
    assert.ok(meta.sizes.databaseBytes > 4 * SMALL_CHUNKS.chunkBytes);
    assert.equal(integrityCheck(unpacked), 'ok');
    assert.equal(tableDump(unpacked, 'tracks'), tableDump(lib, 'tracks'));
    assert.equal(tableDump(unpacked, 'playlists'), tableDump(lib, 'playlists'));

    const cli = spawnSync('gunzip', ['-c', gzPath], { maxBuffer: 64 * 1024 * 1024 });
    if (cli.error) {
      t.diagnostic('gunzip is not installed; checked with zlib only');
    } else {
      assert.equal(cli.status, 0, String(cli.stderr));
      assert.ok(Buffer.compare(cli.stdout, fs.readFileSync(unpacked)) === 0, 'gunzip output differs');
    }

    const phases = [...new Set(ctx.updates.map((u) => u.phase))];
    assert.deepEqual(phases, ['snapshot', 'compress', 'finalize']);
    const fractions = ctx.updates.map((u) => u.fraction);
    assert.deepEqual(
      fractions,
      [...fractions].sort((a, b) => a - b),
      'progress went backwards',
    );
    assert.equal(fractions.at(-1), 1);

    const listed = await listBackups(backupDir);
    assert.equal(listed.length, 1);
    assert.equal(listed[0]!.status, 'ok');
    assert.equal(listed[0]!.name, 'before rescan');
  } finally {
    tmp.cleanup();
  }
});

test('variant B: stats and rows survive, other tables too', async () => {
  const tmp = makeTempDir('backup-b');
  try {
    const lib = path.join(tmp.dir, 'library.db');
    createVariantBLibrary(lib, { tracks: 200 });
    const meta = await createBackup(
      options(lib, path.join(tmp.dir, 'backups'), { trigger: 'auto_before_restore' }),
    );
    assert.equal(meta.library.variant, 'B');
    assert.equal(meta.trigger, 'auto_before_restore');
    assert.deepEqual(meta.stats, liveFacts(lib).stats);
    assert.ok(meta.stats.failed > 0);
    const unpacked = unpackBackup(path.join(tmp.dir, 'backups', `${meta.id}.db.gz`), tmp.dir);
    assert.equal(integrityCheck(unpacked), 'ok');
    assert.equal(tableDump(unpacked, 'tracks'), tableDump(lib, 'tracks'));
    assert.equal(countRows(unpacked, 'playlists'), 2);
  } finally {
    tmp.cleanup();
  }
});

test('a rollback-journal library is saved byte for byte (file copy), or row for row by the backup API', async () => {
  const tmp = makeTempDir('backup-rollback');
  try {
    const lib = path.join(tmp.dir, 'library.db');
    createVariantALibrary(lib, { tracks: 120, wal: false });
    const bytes = fs.readFileSync(lib);
    for (const fileCopy of [true, false]) {
      const backupDir = path.join(tmp.dir, `backups-${fileCopy}`);
      const meta = await createBackup(options(lib, backupDir, { tuning: { ...SMALL_CHUNKS, fileCopy } }));
      const unpacked = unpackBackup(
        path.join(backupDir, `${meta.id}.db.gz`),
        tmp.dir,
        `unpacked-${fileCopy}.db`,
      );
      assert.equal(meta.sizes.databaseBytes, bytes.length);
      assert.deepEqual(meta.stats, liveFacts(lib).stats);
      assert.equal(integrityCheck(unpacked), 'ok');
      assert.equal(tableDump(unpacked, 'tracks'), tableDump(lib, 'tracks'));
      // The file copy is the library's own bytes; the backup API rewrites the header.
      assert.equal(Buffer.compare(fs.readFileSync(unpacked), bytes) === 0, fileCopy);
    }
  } finally {
    tmp.cleanup();
  }
});

test('a database without a tracks table backs up as variant none with zero stats', async () => {
  const tmp = makeTempDir('backup-none');
  try {
    const lib = path.join(tmp.dir, 'other.sqlite');
    createNoTracksLibrary(lib);
    const meta = await createBackup(options(lib, path.join(tmp.dir, 'backups')));
    assert.equal(meta.library.variant, 'none');
    assert.deepEqual(meta.stats, { tracks: 0, analyzed: 0, pending: 0, failed: 0, beat3tower: 0, legacy: 0 });
    const unpacked = unpackBackup(path.join(tmp.dir, 'backups', `${meta.id}.db.gz`), tmp.dir);
    assert.equal(integrityCheck(unpacked), 'ok');
    assert.equal(tableDump(unpacked, 'notes'), tableDump(lib, 'notes'));
  } finally {
    tmp.cleanup();
  }
});

test('hostile or taken names are refused before anything is written', async () => {
  const tmp = makeTempDir('backup-names');
  try {
    const lib = path.join(tmp.dir, 'library.db');
    createNoTracksLibrary(lib);
    const backupDir = path.join(tmp.dir, 'backups');
    for (const name of ['../x', '/etc/x', '', 'x'.repeat(500), 'a\\b', 'a/b', '..', ' padded', 'tab\there']) {
      await rejectsWith(createBackup(options(lib, backupDir, { name })), 'bad-arguments');
      assert.equal(fs.existsSync(backupDir), false, `name ${JSON.stringify(name)} created the folder`);
    }
    assert.deepEqual(
      listDir(tmp.dir).filter((n) => n !== 'library.db'),
      [],
    );

    const first = await createBackup(options(lib, backupDir, { name: 'keep me' }));
    await rejectsWith(
      createBackup(options(lib, backupDir, { name: 'keep me' })),
      'bad-arguments',
      /already exists/,
    );
    await rejectsWith(createBackup(options(lib, backupDir, { name: 'latest' })), 'bad-arguments', /latest/);
    await rejectsWith(
      createBackup(options(lib, backupDir, { name: first.id })),
      'bad-arguments',
      /already exists/,
    );
    assert.deepEqual(listDir(backupDir), [`${first.id}.db.gz`, `${first.id}.json`]);
  } finally {
    tmp.cleanup();
  }
});

test('a backup folder that cannot be created gives an io error naming it', async () => {
  const tmp = makeTempDir('backup-unwritable');
  try {
    const lib = path.join(tmp.dir, 'library.db');
    createNoTracksLibrary(lib);
    // A folder under a regular file cannot exist, even for root.
    const blocker = path.join(tmp.dir, 'a-file');
    fs.writeFileSync(blocker, 'not a folder');
    const backupDir = path.join(blocker, 'backups');
    const err = await rejectsWith(createBackup(options(lib, backupDir)), 'io');
    assert.ok(err.message.includes(backupDir), err.message);
    // The folder path itself being a file is refused the same way.
    await rejectsWith(createBackup(options(lib, blocker)), 'io', /a-file/);
  } finally {
    tmp.cleanup();
  }
});

test('a missing or non-SQLite library is refused clearly', async () => {
  const tmp = makeTempDir('backup-nolib');
  try {
    await rejectsWith(
      createBackup(options(path.join(tmp.dir, 'nope.db'), path.join(tmp.dir, 'b'))),
      'not-found',
    );
    const text = path.join(tmp.dir, 'text.db');
    fs.writeFileSync(text, 'hello, I am not a database at all');
    await rejectsWith(createBackup(options(text, path.join(tmp.dir, 'b'))), 'not-sqlite');
    assert.equal(fs.existsSync(path.join(tmp.dir, 'b')), false);
  } finally {
    tmp.cleanup();
  }
});

test('cancelling during compression or snapshot leaves nothing in the backup folder', async () => {
  const tmp = makeTempDir('backup-cancel');
  try {
    const lib = path.join(tmp.dir, 'library.db');
    createVariantALibrary(lib, { tracks: 300 });
    const backupDir = path.join(tmp.dir, 'backups');
    for (const phase of ['compress', 'snapshot']) {
      const controller = new AbortController();
      const ctx = recordingContext(controller.signal);
      const report = ctx.report;
      ctx.report = (u) => {
        report(u);
        // The first snapshot update comes from inside the worker's copy loop; the first
        // compress update comes after the first of many members is written.
        if (u.phase === phase && u.fraction < 0.9) controller.abort();
      };
      await rejectsWith(
        createBackup(options(lib, backupDir, { ctx, tuning: { chunkBytes: 16 * 1024, pagesPerStep: 8 } })),
        'cancelled',
      );
      assert.ok(
        ctx.updates.some((u) => u.phase === phase),
        `never reached ${phase}`,
      );
      assert.deepEqual(listDir(backupDir), [], `after cancel in ${phase}`);
    }
  } finally {
    tmp.cleanup();
  }
});

test('a write failing midway (disk full) leaves nothing listed and says why', async () => {
  const tmp = makeTempDir('backup-enospc');
  try {
    const lib = path.join(tmp.dir, 'library.db');
    createVariantALibrary(lib, { tracks: 300 });
    const backupDir = path.join(tmp.dir, 'backups');
    const beforeWrite = (index: number): void => {
      if (index === 3)
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    };
    const err = await rejectsWith(
      createBackup(
        options(lib, backupDir, { tuning: { chunkBytes: 16 * 1024 }, testHooks: { beforeWrite } }),
      ),
      'io',
      /disk is full/,
    );
    assert.ok(err.message.includes(backupDir));
    assert.deepEqual(listDir(backupDir), []);
    assert.deepEqual(await listBackups(backupDir), []);
  } finally {
    tmp.cleanup();
  }
});

test('a library locked by another writer past the busy timeout fails as locked, leaving nothing', async () => {
  const tmp = makeTempDir('backup-locked');
  try {
    const lib = path.join(tmp.dir, 'library.db');
    createVariantALibrary(lib, { tracks: 50, wal: false });
    const holder = new Database(lib);
    holder.exec('BEGIN EXCLUSIVE');
    const backupDir = path.join(tmp.dir, 'backups');
    try {
      // How long it waits is checked on a test clock in backup-lock-budget.test.ts, not here.
      await rejectsWith(createBackup(options(lib, backupDir, { busyTimeoutMs: 300 })), 'locked', /locked/);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    assert.deepEqual(listDir(backupDir), []);
  } finally {
    tmp.cleanup();
  }
});

test('stale temp files from a crashed run are swept; fresh ones and listing are left alone', async () => {
  const tmp = makeTempDir('backup-sweep');
  try {
    const lib = path.join(tmp.dir, 'library.db');
    createNoTracksLibrary(lib);
    const backupDir = path.join(tmp.dir, 'backups');
    fs.mkdirSync(backupDir);
    const stale = path.join(backupDir, '.tmp-20200101-000000-000-aaaaaa.db.gz.partial');
    const fresh = path.join(backupDir, '.tmp-20200101-000000-000-bbbbbb.db.gz.partial');
    fs.writeFileSync(stale, 'crashed');
    fs.writeFileSync(fresh, 'running');
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    fs.utimesSync(stale, twoHoursAgo, twoHoursAgo);
    assert.deepEqual(await listBackups(backupDir), []);
    const meta = await createBackup(options(lib, backupDir));
    assert.equal(fs.existsSync(stale), false);
    assert.equal(fs.existsSync(fresh), true);
    assert.deepEqual(
      (await listBackups(backupDir)).map((e) => e.id),
      [meta.id],
    );
  } finally {
    tmp.cleanup();
  }
});
