// Pinning one library state across two connections (read-snapshots.ts): the parallel
// stats of a backup are only trusted when they provably read the state the copy reads.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beginHeldRead, readDataVersion, sameStateAs } from '../read-snapshots';
import { makeTempDir } from '../../test/fixtures/temp-dir';

function withLibrary(wal: boolean, body: (file: string, writer: Database.Database) => void): void {
  const tmp = makeTempDir('read-snapshots');
  const file = path.join(tmp.dir, 'lib.db');
  const writer = new Database(file);
  try {
    if (wal) writer.pragma('journal_mode = WAL');
    writer.exec('CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (1);');
    body(file, writer);
  } finally {
    writer.close();
    tmp.cleanup();
  }
}

const count = (db: Database.Database): number =>
  db.prepare('SELECT count(*) AS n FROM t').pluck().get() as number;

describe('read snapshots', () => {
  it('pins a state that later commits do not change, and confirms a second reader on it', () => {
    withLibrary(true, (file, writer) => {
      const stats = new Database(file, { readonly: true });
      const copy = new Database(file, { readonly: true });
      try {
        const v0 = readDataVersion(stats);
        const pinned = beginHeldRead(copy);
        assert.ok(pinned, 'a WAL library can be pinned');
        const confirmed = sameStateAs(stats, v0);
        assert.ok(confirmed, 'nothing committed in between, so both readers share the state');
        writer.exec('INSERT INTO t VALUES (2)');
        assert.equal(count(copy), 1);
        assert.equal(count(stats), 1);
        pinned.release();
        confirmed.release();
        assert.equal(count(copy), 2, 'released: the reader sees the new commit');
      } finally {
        stats.close();
        copy.close();
      }
    });
  });

  it('refuses to confirm when a commit landed before the copy pinned its state', () => {
    withLibrary(true, (file, writer) => {
      const stats = new Database(file, { readonly: true });
      const copy = new Database(file, { readonly: true });
      try {
        const v0 = readDataVersion(stats);
        writer.exec('INSERT INTO t VALUES (2)');
        beginHeldRead(copy);
        assert.equal(sameStateAs(stats, v0), null);
        assert.equal(stats.inTransaction, false, 'a refusal leaves no transaction open');
      } finally {
        stats.close();
        copy.close();
      }
    });
  });

  it('refuses to confirm when a commit landed after the copy pinned its state', () => {
    withLibrary(true, (file, writer) => {
      const stats = new Database(file, { readonly: true });
      const copy = new Database(file, { readonly: true });
      try {
        const v0 = readDataVersion(stats);
        beginHeldRead(copy);
        writer.exec('INSERT INTO t VALUES (2)');
        assert.equal(sameStateAs(stats, v0), null);
      } finally {
        stats.close();
        copy.close();
      }
    });
  });

  it('does not hold a read lock on a rollback-journal library, where it would stall writers', () => {
    withLibrary(false, (file, writer) => {
      const copy = new Database(file, { readonly: true });
      try {
        assert.equal(beginHeldRead(copy), null);
        assert.equal(copy.inTransaction, false);
        writer.exec('INSERT INTO t VALUES (2)');
      } finally {
        copy.close();
      }
    });
  });
});
