// An index of snapshot listings written by older code (before names that are not UTF-8
// had display forms) is noticed when opened and the snapshots it holds with such names
// are marked to be read again, once; the other snapshots stay indexed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { INDEX_FORMAT, indexPath, openIndex } from '../snapshot-index';

/** The tables exactly as the code before display forms created them (user_version 0). */
const OLD_SCHEMA = `CREATE TABLE indexed (snapshot TEXT PRIMARY KEY, entries INTEGER NOT NULL);
  CREATE TABLE entries (
    snapshot TEXT NOT NULL, path TEXT NOT NULL, parent TEXT NOT NULL, type TEXT NOT NULL,
    size INTEGER, mtime TEXT, PRIMARY KEY (snapshot, path)) WITHOUT ROWID;
  CREATE INDEX entries_folder ON entries (snapshot, parent, path, type, size, mtime);
  CREATE TABLE known (
    repo TEXT NOT NULL, library TEXT NOT NULL, snapshot TEXT NOT NULL, entry TEXT NOT NULL,
    PRIMARY KEY (repo, library, snapshot)) WITHOUT ROWID;`;

function indexedSnapshots(dataDir: string): string[] {
  const db = openIndex(dataDir);
  try {
    return db.prepare('SELECT snapshot FROM indexed ORDER BY snapshot').pluck().all() as string[];
  } finally {
    db.close();
  }
}

test('an index written before display forms: its snapshots with non-UTF-8 names are read again, once', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'backbeat-index-format-'));
  try {
    const old = new Database(indexPath(dataDir));
    old.exec(OLD_SCHEMA);
    const put = old.prepare(
      'INSERT INTO entries (snapshot, path, parent, type, size, mtime) VALUES (?, ?, ?, ?, ?, NULL)',
    );
    put.run('lossy', '/m', '/', 'dir', null);
    put.run('lossy', '/m/caf\ufffd.flac', '/m', 'file', 10);
    put.run('clean', '/m', '/', 'dir', null);
    put.run('clean', '/m/cafe.flac', '/m', 'file', 10);
    old.prepare('INSERT INTO indexed (snapshot, entries) VALUES (?, 2), (?, 2)').run('lossy', 'clean');
    assert.equal(old.pragma('user_version', { simple: true }), 0);
    old.close();

    // Opened by this code: the snapshot with a U+FFFD path is no longer taken as indexed.
    assert.deepEqual(indexedSnapshots(dataDir), ['clean']);
    const check = new Database(indexPath(dataDir), { readonly: true });
    assert.equal(check.pragma('user_version', { simple: true }), INDEX_FORMAT);
    check.close();

    // Indexed again (as indexOnce does): it stays indexed from then on.
    const db = openIndex(dataDir);
    db.prepare('INSERT INTO indexed (snapshot, entries) VALUES (?, 2)').run('lossy');
    db.close();
    assert.deepEqual(indexedSnapshots(dataDir), ['clean', 'lossy']);
    assert.deepEqual(indexedSnapshots(dataDir), ['clean', 'lossy']);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('an unversioned index whose snapshot already has its display forms keeps it indexed', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'backbeat-index-format-'));
  try {
    // Written by the code that kept display forms before the format was versioned.
    const old = new Database(indexPath(dataDir));
    old.exec(OLD_SCHEMA);
    old.exec(`CREATE TABLE display_names (
      snapshot TEXT NOT NULL, path TEXT NOT NULL, display TEXT NOT NULL,
      PRIMARY KEY (snapshot, path)) WITHOUT ROWID;`);
    old
      .prepare('INSERT INTO entries (snapshot, path, parent, type, size, mtime) VALUES (?, ?, ?, ?, ?, NULL)')
      .run('shown', '/caf\ufffd.flac', '/', 'file', 10);
    old
      .prepare('INSERT INTO display_names (snapshot, path, display) VALUES (?, ?, ?)')
      .run('shown', '/caf\ufffd.flac', '/caf\\xE9.flac');
    old.prepare('INSERT INTO indexed (snapshot, entries) VALUES (?, 1)').run('shown');
    old.close();
    assert.deepEqual(indexedSnapshots(dataDir), ['shown']);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
