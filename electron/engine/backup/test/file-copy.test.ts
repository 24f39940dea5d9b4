// The snapshot of a rollback-journal library as a file copy: exact bytes, made while a
// read lock keeps writers out, and the lock released afterwards whatever happened.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { copyFileUnderReadLock, copyWithChildProcess, fileCopySupported } from '../file-copy';
import { createVariantALibrary } from '../../test/fixtures/libraries';
import { makeTempDir } from '../../test/fixtures/temp-dir';
import { isBusyError } from '../../library/library';

/** A commit from another connection that does not wait: 'busy' when a lock keeps it out. */
function tryCommit(lib: string): 'committed' | 'busy' {
  const writer = new Database(lib, { timeout: 0 });
  try {
    writer.exec("INSERT INTO playlists (name) VALUES ('during the copy')");
    return 'committed';
  } catch (err) {
    if (isBusyError(err)) return 'busy';
    throw err;
  } finally {
    writer.close();
  }
}

test('the copy holds the library as read, with a writer kept out until it is done', () => {
  const tmp = makeTempDir('file-copy');
  try {
    const lib = path.join(tmp.dir, 'library.db');
    createVariantALibrary(lib, { tracks: 40, wal: false });
    const before = fs.readFileSync(lib);
    const dest = path.join(tmp.dir, 'snapshot.db');
    const db = new Database(lib, { readonly: true, timeout: 0 });
    let during: string | null = null;
    try {
      const bytes = copyFileUnderReadLock(db, lib, dest, (source, target) => {
        during = tryCommit(lib);
        return copyWithChildProcess(source, target);
      });
      assert.equal(bytes, before.length);
      assert.equal(db.inTransaction, false, 'the read transaction is left open');
    } finally {
      db.close();
    }
    assert.equal(during, 'busy');
    assert.ok(Buffer.compare(fs.readFileSync(dest), before) === 0, 'the copy differs from the library');
    assert.equal(tryCommit(lib), 'committed', 'the read lock was not released');
  } finally {
    tmp.cleanup();
  }
});

test('a failed copy leaves no file and no lock, and says so with null', () => {
  const tmp = makeTempDir('file-copy-fail');
  try {
    const lib = path.join(tmp.dir, 'library.db');
    createVariantALibrary(lib, { tracks: 10, wal: false });
    const dest = path.join(tmp.dir, 'snapshot.db');
    const db = new Database(lib, { readonly: true, timeout: 0 });
    try {
      const half = (_source: string, target: string): boolean => {
        fs.writeFileSync(target, fs.readFileSync(lib).subarray(0, 100));
        return true; // claims success, but the file is short
      };
      assert.equal(copyFileUnderReadLock(db, lib, dest, half), null);
      assert.equal(
        copyFileUnderReadLock(db, lib, dest, () => false),
        null,
      );
      assert.equal(db.inTransaction, false);
    } finally {
      db.close();
    }
    assert.equal(fs.existsSync(dest), false);
    assert.equal(tryCommit(lib), 'committed');
  } finally {
    tmp.cleanup();
  }
});

test('bytes past the last page are not copied', () => {
  const tmp = makeTempDir('file-copy-tail');
  try {
    const lib = path.join(tmp.dir, 'library.db');
    createVariantALibrary(lib, { tracks: 10, wal: false });
    const size = fs.statSync(lib).size;
    fs.appendFileSync(lib, Buffer.alloc(4096, 7));
    const dest = path.join(tmp.dir, 'snapshot.db');
    const db = new Database(lib, { readonly: true });
    try {
      assert.equal(copyFileUnderReadLock(db, lib, dest), size);
    } finally {
      db.close();
    }
    assert.equal(fs.statSync(dest).size, size);
  } finally {
    tmp.cleanup();
  }
});

test('only where no byte-range locks forbid reading a locked file', () => {
  assert.equal(fileCopySupported('win32'), false);
  assert.equal(fileCopySupported('linux'), true);
  assert.equal(fileCopySupported('darwin'), true);
});
