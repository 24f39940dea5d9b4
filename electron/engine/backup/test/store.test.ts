// The backup folder: listing with damaged entries, 1,000 entries, refs, pin, delete.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  defaultBackupDir,
  deleteBackup,
  listBackups,
  readBackupMeta,
  resolveRef,
  setPinned,
} from '../backup-store';
import { fakeId, fakeMeta, writeFakeBackup } from '../../test/fixtures/fake-backups';
import { listDir, rejectsWith } from '../../test/fixtures/backup-helpers';
import { makeTempDir } from '../../test/fixtures/temp-dir';

test('defaultBackupDir is backbeat-backups beside the library', () => {
  assert.equal(defaultBackupDir('/music/lib/library.db'), path.join('/music/lib', 'backbeat-backups'));
});

test('a folder that does not exist lists as empty', async () => {
  assert.deepEqual(await listBackups(path.join('/nonexistent', 'backbeat-test', String(Date.now()))), []);
});

test('listing skips unfinished backups (no metadata), marks unreadable, invalid and newer metadata, keeps going, and sorts newest first', async () => {
  const tmp = makeTempDir('store-list');
  try {
    const dir = tmp.dir;
    const ok = fakeId(1);
    const missing = fakeId(2);
    const garbage = fakeId(3);
    const invalid = fakeId(4);
    const newer = fakeId(5);
    const extra = fakeId(6);
    const orphanMeta = fakeId(7);
    const wrongId = fakeId(8);
    writeFakeBackup(dir, ok, fakeMeta(ok, { name: 'good' }));
    writeFakeBackup(dir, missing, null);
    writeFakeBackup(dir, garbage, '{"formatVersion": 1, "id": ');
    writeFakeBackup(dir, invalid, { ...fakeMeta(invalid), stats: { tracks: 'many' } });
    writeFakeBackup(dir, newer, { formatVersion: 2, id: newer, name: 'from the future', somethingNew: true });
    writeFakeBackup(dir, extra, { ...fakeMeta(extra), addedInAMinorVersion: { x: 1 } });
    fs.writeFileSync(path.join(dir, `${orphanMeta}.json`), JSON.stringify(fakeMeta(orphanMeta)));
    writeFakeBackup(dir, wrongId, fakeMeta(ok));
    // Noise the listing must ignore.
    fs.writeFileSync(path.join(dir, `.tmp-${fakeId(9)}.db.gz.partial`), 'half');
    fs.writeFileSync(path.join(dir, 'README.txt'), 'hello');
    fs.mkdirSync(path.join(dir, 'subfolder'));

    const entries = await listBackups(dir);
    const byId = new Map(entries.map((e) => [e.id, e]));
    assert.deepEqual(
      entries.map((e) => e.id),
      [wrongId, orphanMeta, extra, newer, invalid, garbage, ok],
    );
    assert.equal(byId.get(ok)!.status, 'ok');
    assert.equal(byId.get(ok)!.name, 'good');
    assert.equal(byId.get(ok)!.trackCount, 10);
    assert.equal(byId.get(ok)!.meta!.id, ok);
    // A .db.gz without metadata never committed: it is not a restore point at all.
    assert.equal(byId.has(missing), false);
    assert.equal(byId.get(garbage)!.status, 'unreadable-metadata');
    assert.match(byId.get(garbage)!.problem!, /not valid JSON/);
    assert.equal(byId.get(invalid)!.status, 'unreadable-metadata');
    assert.match(byId.get(invalid)!.problem!, /stats\.tracks/);
    assert.equal(byId.get(newer)!.status, 'newer-format');
    assert.match(byId.get(newer)!.problem!, /newer Backbeat/);
    assert.equal(byId.get(newer)!.name, 'from the future');
    assert.equal(byId.get(extra)!.status, 'ok', 'unknown extra fields must be accepted');
    assert.equal(byId.get(orphanMeta)!.status, 'unreadable-metadata');
    assert.match(byId.get(orphanMeta)!.problem!, /missing/);
    assert.equal(byId.get(wrongId)!.status, 'unreadable-metadata');
    for (const e of entries.filter((x) => x.status !== 'ok')) assert.equal(e.meta, null);
  } finally {
    tmp.cleanup();
  }
});

test('listing 1,000 backups reads every metadata file', async () => {
  const tmp = makeTempDir('store-1000');
  try {
    for (let i = 0; i < 1000; i++) {
      const id = fakeId(i);
      fs.writeFileSync(path.join(tmp.dir, `${id}.db.gz`), 'x');
      fs.writeFileSync(
        path.join(tmp.dir, `${id}.json`),
        JSON.stringify(fakeMeta(id, { stats: { ...fakeMeta(id).stats, tracks: i } })),
      );
    }
    const entries = await listBackups(tmp.dir);
    assert.equal(entries.length, 1000);
    assert.ok(entries.every((e) => e.status === 'ok'));
    assert.equal(entries[0]!.trackCount, 999);
    assert.equal(entries[999]!.trackCount, 0);
  } finally {
    tmp.cleanup();
  }
});

test('resolveRef: exact id, name, unique prefix, latest, ambiguous, not found', async () => {
  const tmp = makeTempDir('store-ref');
  try {
    const dir = tmp.dir;
    const a = fakeId(10, 'aaaaaa');
    const b = fakeId(10, 'bbbbbb'); // same minute as a: shares a long prefix
    const c = fakeId(20, 'cccccc');
    const broken = fakeId(30, 'dddddd');
    writeFakeBackup(dir, a, fakeMeta(a, { name: 'before rescan' }));
    writeFakeBackup(dir, b, fakeMeta(b));
    writeFakeBackup(dir, c, fakeMeta(c, { name: 'nightly' }));
    writeFakeBackup(dir, broken, null);

    assert.equal((await resolveRef(dir, a)).id, a);
    assert.equal((await resolveRef(dir, 'nightly')).id, c);
    assert.equal((await resolveRef(dir, 'before rescan')).id, a);
    assert.equal((await resolveRef(dir, c.slice(0, 12))).id, c);
    // latest skips the newest entry because it is not a finished backup.
    assert.equal((await resolveRef(dir, 'latest')).id, c);
    // A backup that never finished (no metadata) is no restore point, not even by its id.
    await rejectsWith(resolveRef(dir, broken), 'not-found');

    const err = await rejectsWith(resolveRef(dir, a.slice(0, 16)), 'ambiguous');
    assert.ok(err.message.includes(a) && err.message.includes(b), err.message);
    assert.ok(err.message.includes('before rescan'));
    await rejectsWith(resolveRef(dir, 'no-such-thing'), 'not-found');
    await rejectsWith(resolveRef(dir, ''), 'bad-arguments');
    await rejectsWith(resolveRef(path.join(dir, 'empty'), 'latest'), 'not-found');
  } finally {
    tmp.cleanup();
  }
});

test('readBackupMeta rejects bad ids, missing and damaged metadata clearly', async () => {
  const tmp = makeTempDir('store-read');
  try {
    const dir = tmp.dir;
    const ok = fakeId(1);
    const missing = fakeId(2);
    writeFakeBackup(dir, ok, fakeMeta(ok));
    writeFakeBackup(dir, missing, null);
    assert.equal((await readBackupMeta(dir, ok)).id, ok);
    await rejectsWith(readBackupMeta(dir, '../../etc/passwd'), 'bad-arguments');
    await rejectsWith(readBackupMeta(dir, fakeId(3)), 'not-found');
    await rejectsWith(readBackupMeta(dir, missing), 'not-found', /never finished/);
  } finally {
    tmp.cleanup();
  }
});

test('setPinned rewrites the metadata atomically and keeps unknown fields', async () => {
  const tmp = makeTempDir('store-pin');
  try {
    const id = fakeId(1);
    writeFakeBackup(tmp.dir, id, { ...fakeMeta(id), futureField: [1, 2, 3] });
    const meta = await setPinned(tmp.dir, id, true);
    assert.equal(meta.pinned, true);
    const onDisk = JSON.parse(fs.readFileSync(path.join(tmp.dir, `${id}.json`), 'utf8')) as Record<
      string,
      unknown
    >;
    assert.equal(onDisk.pinned, true);
    assert.deepEqual(onDisk.futureField, [1, 2, 3]);
    assert.deepEqual(listDir(tmp.dir), [`${id}.db.gz`, `${id}.json`], 'a temp file was left behind');
    assert.equal((await listBackups(tmp.dir))[0]!.pinned, true);
    // Concurrent flips from one process do not lose each other's write.
    await Promise.all([setPinned(tmp.dir, id, false), setPinned(tmp.dir, id, true)]);
    assert.equal((await readBackupMeta(tmp.dir, id)).pinned, true);
    await rejectsWith(setPinned(tmp.dir, fakeId(2), true), 'not-found');
  } finally {
    tmp.cleanup();
  }
});

test('deleteBackup removes both files; bad and unknown ids are refused', async () => {
  const tmp = makeTempDir('store-delete');
  try {
    const keep = fakeId(1);
    const gone = fakeId(2);
    const half = fakeId(3);
    writeFakeBackup(tmp.dir, keep, fakeMeta(keep));
    writeFakeBackup(tmp.dir, gone, fakeMeta(gone));
    writeFakeBackup(tmp.dir, half, null);
    await deleteBackup(tmp.dir, gone);
    await deleteBackup(tmp.dir, half);
    assert.deepEqual(listDir(tmp.dir), [`${keep}.db.gz`, `${keep}.json`]);
    await rejectsWith(deleteBackup(tmp.dir, gone), 'not-found');
    await rejectsWith(deleteBackup(tmp.dir, '../x'), 'bad-arguments');
    await rejectsWith(deleteBackup(tmp.dir, '.tmp-x'), 'bad-arguments');
  } finally {
    tmp.cleanup();
  }
});
