// Replace restore: the whole backed-up database (every table) takes the live one's place,
// after a safety backup and with the live file saved beside it; refused, with nothing
// changed, while another connection holds the library.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { ContractError } from '../../../../shared/contract';
import { readBackupMeta } from '../../backup/backup-store';
import { silentContext } from '../../runtime/progress';
import { restoreOperation } from '../../app/use-cases/restore';
import { applyRestore } from '../restore-apply';
import { replaceLibrary } from '../restore-replace';
import {
  dumpDatabase,
  libraryWithBackup,
  removeTree,
  tamperLibrary,
  type Fixture,
} from '../../test/fixtures/restore-scenario';

const privateTmp = fs.mkdtempSync(path.join(os.tmpdir(), 'backbeat-replace-tmp-'));
process.env.TMPDIR = privateTmp;
after(() => removeTree(privateTmp));

/** Header bytes 18-19 are 2 for a database left in WAL mode. */
function isWalFile(file: string): boolean {
  const header = fs.readFileSync(file).subarray(0, 20);
  return header[18] === 2 && header[19] === 2;
}

function siblings(libraryPath: string): string[] {
  return fs.readdirSync(path.dirname(libraryPath)).sort();
}

describe('applyRestore replace', () => {
  let fx: Fixture;
  let backedUpDump: string;

  before(async () => {
    fx = await libraryWithBackup('replace', { tracks: 200, seed: 41 });
    backedUpDump = dumpDatabase(fx.libraryPath);
  });
  after(() => removeTree(fx.root));

  it('puts the whole backed-up database in place and keeps the live one beside it', async () => {
    tamperLibrary(fx.libraryPath, 'A');
    const db = new Database(fx.libraryPath);
    db.exec('DROP TABLE playlist_tracks; CREATE TABLE scanner_cache (k TEXT, v TEXT);');
    db.close();
    const tamperedDump = dumpDatabase(fx.libraryPath);
    assert.notEqual(tamperedDump, backedUpDump);
    assert.ok(isWalFile(fx.libraryPath));

    const result = await applyRestore({
      libraryPath: fx.libraryPath,
      backupDir: fx.backupDir,
      id: fx.backup.id,
      mode: 'replace',
      appVersion: 'test',
      ctx: silentContext(),
    });
    assert.equal(result.mode, 'replace');
    assert.equal(result.restored, 200);
    assert.ok(result.savedLivePath);
    // Only the library and the saved copy: no staged file, no stale -wal/-shm, no unpacked
    // copy. (Checked before the read-only dumps below, which leave -wal/-shm of their own.)
    assert.deepEqual(siblings(fx.libraryPath), ['library.db', path.basename(result.savedLivePath)].sort());
    assert.deepEqual(
      fs.readdirSync(privateTmp).filter((n) => n.startsWith('backbeat-backup-')),
      [],
    );
    assert.equal(dumpDatabase(fx.libraryPath), backedUpDump, 'every table is as backed up');
    assert.ok(isWalFile(fx.libraryPath), 'the library keeps its journal mode');

    assert.equal(path.dirname(result.savedLivePath), path.dirname(fx.libraryPath));
    assert.match(path.basename(result.savedLivePath), /^library\.db\.before-restore-\d{8}T\d{9}Z$/);
    assert.equal(dumpDatabase(result.savedLivePath), tamperedDump, 'the live database was saved as it was');

    const safety = await readBackupMeta(fx.backupDir, result.safetyBackupId);
    assert.equal(safety.trigger, 'auto_before_restore');
    assert.equal(safety.stats.tracks, 200 - 7 + 4, 'the safety backup holds the tampered library');
  });

  it('refuses, changing nothing, while another connection holds the library', async () => {
    const holder = new Database(fx.libraryPath);
    holder.prepare('SELECT count(*) FROM tracks').get();
    try {
      const dump = dumpDatabase(fx.libraryPath);
      const before = siblings(fx.libraryPath);
      await assert.rejects(
        applyRestore({
          libraryPath: fx.libraryPath,
          backupDir: fx.backupDir,
          id: fx.backup.id,
          mode: 'replace',
          appVersion: 'test',
          ctx: silentContext(),
          busyTimeoutMs: 300,
        }),
        (e: unknown) => {
          assert.ok(e instanceof ContractError, String(e));
          assert.equal(e.code, 'locked', e.message);
          assert.match(e.message, /close the library/);
          return true;
        },
      );
      assert.equal(dumpDatabase(fx.libraryPath), dump);
      assert.ok(isWalFile(fx.libraryPath), 'WAL mode was put back');
      assert.deepEqual(
        siblings(fx.libraryPath).filter((n) => !n.endsWith('-wal') && !n.endsWith('-shm')),
        before.filter((n) => !n.endsWith('-wal') && !n.endsWith('-shm')),
      );
      // The holder still works normally.
      assert.equal(holder.prepare('SELECT count(*) FROM tracks').pluck().get(), 200);
    } finally {
      holder.close();
    }
  });

  it('replaces a library in rollback-journal mode too', async () => {
    const db = new Database(fx.libraryPath);
    db.pragma('journal_mode = DELETE');
    db.exec('DELETE FROM tracks WHERE rowid % 3 = 0');
    db.close();
    const result = await applyRestore({
      libraryPath: fx.libraryPath,
      backupDir: fx.backupDir,
      id: fx.backup.id,
      mode: 'replace',
      appVersion: 'test',
      ctx: silentContext(),
    });
    assert.equal(dumpDatabase(fx.libraryPath), backedUpDump);
    assert.equal(isWalFile(fx.libraryPath), false, 'rollback mode is kept');
    assert.ok(result.savedLivePath && fs.existsSync(result.savedLivePath));
  });

  it('through a symlink, replaces the file the link points to and leaves the link a link', async () => {
    tamperLibrary(fx.libraryPath, 'A');
    const db = new Database(fx.libraryPath);
    db.pragma('journal_mode = WAL');
    db.close();
    const linkDir = path.join(fx.root, 'links');
    fs.mkdirSync(linkDir, { recursive: true });
    const link = path.join(linkDir, 'library.db');
    fs.symlinkSync(fx.libraryPath, link);
    const result = await restoreOperation({
      libraryPath: link,
      backupDir: fx.backupDir,
      id: fx.backup.id,
      mode: 'replace',
      appVersion: 'test',
      ctx: silentContext(),
    });
    assert.ok(fs.lstatSync(link).isSymbolicLink(), 'the link is still a link');
    assert.equal(fs.readlinkSync(link), fx.libraryPath);
    assert.deepEqual(fs.readdirSync(linkDir), ['library.db'], 'nothing written beside the link');
    assert.equal(path.dirname(result.savedLivePath!), path.dirname(fx.libraryPath));
    assert.equal(dumpDatabase(fx.libraryPath), backedUpDump, 'the real file was restored');
    assert.ok(isWalFile(fx.libraryPath));
    fs.rmSync(linkDir, { recursive: true, force: true });
  });

  it('says a full disk in a sentence and changes nothing', async () => {
    const db = new Database(fx.libraryPath);
    db.pragma('journal_mode = WAL');
    db.close();
    const dump = dumpDatabase(fx.libraryPath);
    const before = siblings(fx.libraryPath).filter((n) => !n.endsWith('-wal') && !n.endsWith('-shm'));
    const copy = path.join(privateTmp, 'copy.db');
    fs.copyFileSync(fx.libraryPath, copy);
    const original = fs.copyFileSync;
    fs.copyFileSync = ((src: fs.PathLike, dest: fs.PathLike, mode?: number) => {
      if (String(dest).endsWith('.before-restore.partial')) {
        throw Object.assign(new Error(`ENOSPC: no space left on device, copyfile '${String(src)}'`), {
          code: 'ENOSPC',
        });
      }
      return original(src, dest, mode);
    }) as typeof fs.copyFileSync;
    try {
      await assert.rejects(
        replaceLibrary(
          { libraryPath: fx.libraryPath, backupCopyPath: copy, stamp: 'x', ownerTag: 'bb000000p1j00000001' },
          silentContext(),
        ),
        (e: unknown) => {
          assert.ok(e instanceof ContractError, String(e));
          assert.equal(e.code, 'io');
          assert.match(
            e.message,
            /^There is not enough free space beside .*library\.db to replace it: the disk is full\./,
          );
          assert.doesNotMatch(e.message, /ENOSPC|copyfile/);
          return true;
        },
      );
    } finally {
      fs.copyFileSync = original;
    }
    assert.equal(dumpDatabase(fx.libraryPath), dump);
    assert.ok(isWalFile(fx.libraryPath), 'WAL mode was put back');
    assert.deepEqual(
      siblings(fx.libraryPath).filter((n) => !n.endsWith('-wal') && !n.endsWith('-shm')),
      before,
    );
  });
});
