// cleanupBackups: keep N newest plus pinned, dry run, keep 0, damaged entries kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ContractError } from '../../../../shared/errors';
import { listBackups } from '../../backup/backup-store';
import { cleanupBackups } from '../cleanup';
import { fakeId, fakeMeta, writeFakeBackup } from '../../test/fixtures/fake-backups';
import { listDir } from '../../test/fixtures/backup-helpers';
import { makeTempDir } from '../../test/fixtures/temp-dir';

/** Six backups, ids 1..6 (6 newest); 2 is pinned; 7 has no metadata (never finished: not listed); 8 has garbage metadata. */
function populate(dir: string): void {
  for (let n = 1; n <= 6; n++) writeFakeBackup(dir, fakeId(n), fakeMeta(fakeId(n), { pinned: n === 2 }));
  writeFakeBackup(dir, fakeId(7), null);
  writeFakeBackup(dir, fakeId(8), 'garbage');
}

const ids = (entries: { id: string }[]): string[] => entries.map((e) => e.id);

test('keeps the N newest plus every pinned one; damaged entries are kept, never deleted', async () => {
  const tmp = makeTempDir('cleanup-keep');
  try {
    populate(tmp.dir);
    const result = await cleanupBackups(tmp.dir, { keep: 2, dryRun: false });
    assert.equal(result.dryRun, false);
    assert.deepEqual(ids(result.removed), [fakeId(4), fakeId(3), fakeId(1)]);
    assert.deepEqual(ids(result.kept), [fakeId(8), fakeId(6), fakeId(5), fakeId(2)]);
    assert.deepEqual(ids(await listBackups(tmp.dir)), ids(result.kept));
    assert.ok(!listDir(tmp.dir).some((n) => n.startsWith(fakeId(1))), 'files of a removed backup remain');
  } finally {
    tmp.cleanup();
  }
});

test('a dry run lists what would go and deletes nothing', async () => {
  const tmp = makeTempDir('cleanup-dry');
  try {
    populate(tmp.dir);
    const before = listDir(tmp.dir);
    const result = await cleanupBackups(tmp.dir, { keep: 1, dryRun: true });
    assert.equal(result.dryRun, true);
    assert.deepEqual(ids(result.removed), [fakeId(5), fakeId(4), fakeId(3), fakeId(1)]);
    assert.deepEqual(listDir(tmp.dir), before);
  } finally {
    tmp.cleanup();
  }
});

test('keep 0 is refused without allowZero, and with it removes every unpinned backup', async () => {
  const tmp = makeTempDir('cleanup-zero');
  try {
    populate(tmp.dir);
    const before = listDir(tmp.dir);
    await assert.rejects(cleanupBackups(tmp.dir, { keep: 0, dryRun: false }), (err: unknown) => {
      return (
        err instanceof ContractError && err.code === 'bad-arguments' && /Keep at least 1/.test(err.message)
      );
    });
    await assert.rejects(cleanupBackups(tmp.dir, { keep: -1, dryRun: true, allowZero: true }), ContractError);
    assert.deepEqual(listDir(tmp.dir), before);
    const result = await cleanupBackups(tmp.dir, { keep: 0, dryRun: false, allowZero: true });
    assert.deepEqual(ids(result.kept), [fakeId(8), fakeId(2)]);
    assert.equal(result.removed.length, 5);
  } finally {
    tmp.cleanup();
  }
});

test('keeping more than there are removes nothing; an empty folder is fine', async () => {
  const tmp = makeTempDir('cleanup-more');
  try {
    assert.deepEqual(await cleanupBackups(tmp.dir, { keep: 3, dryRun: false }), {
      dryRun: false,
      removed: [],
      kept: [],
      failures: [],
      freedBytes: 0,
    });
    populate(tmp.dir);
    const result = await cleanupBackups(tmp.dir, { keep: 50, dryRun: false });
    assert.equal(result.removed.length, 0);
    assert.equal(result.kept.length, 7);
  } finally {
    tmp.cleanup();
  }
});
