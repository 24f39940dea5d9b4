import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { getLibraryStats, detectVariant, openLibrary } from '../library';
import { ContractError } from '../../../../shared/errors';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'backbeat-library-'));
}

function variantA(file: string, rows: (string | null)[]): void {
  const db = new Database(file);
  db.exec(`CREATE TABLE tracks (track_id TEXT PRIMARY KEY, artist TEXT, title TEXT, album TEXT, file_path TEXT,
           sonic_features TEXT, sonic_features_updated_at TEXT)`);
  const ins = db.prepare('INSERT INTO tracks (track_id, file_path, sonic_features) VALUES (?, ?, ?)');
  rows.forEach((f, i) => ins.run(`t${i}`, `/m/${i}.mp3`, f));
  db.close();
}

const B3T = JSON.stringify({ full: { extraction_method: 'beat3tower' } });

test('stats count formats and survive a malformed sonic_features value', () => {
  const dir = tempDir();
  try {
    const file = path.join(dir, 'lib.db');
    variantA(file, [B3T, B3T, '{"old":1}', '{not json', null]);
    const stats = getLibraryStats(file);
    assert.equal(stats.variant, 'A');
    assert.equal(stats.tracks, 5);
    assert.equal(stats.analyzed, 4);
    assert.equal(stats.beat3tower, 2);
    assert.equal(stats.legacy, 2);
    assert.equal(stats.pending, 1);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('variant B is recognised and failures counted', () => {
  const dir = tempDir();
  try {
    const file = path.join(dir, 'lib.db');
    const db = new Database(file);
    db.exec(`CREATE TABLE tracks (track_id TEXT PRIMARY KEY, artist TEXT, title TEXT, album TEXT, file_path TEXT,
             duration_ms INTEGER, sonic_features TEXT, sonic_analyzed_at INTEGER, sonic_failed_at INTEGER, sonic_source TEXT)`);
    db.prepare('INSERT INTO tracks (track_id, file_path, sonic_failed_at) VALUES (?, ?, ?)').run(
      'x',
      '/a',
      1700000000,
    );
    db.prepare('INSERT INTO tracks (track_id, file_path, sonic_features) VALUES (?, ?, ?)').run(
      'y',
      '/b',
      B3T,
    );
    assert.equal(detectVariant(db), 'B');
    db.close();
    const stats = getLibraryStats(file);
    assert.deepEqual([stats.failed, stats.pending, stats.beat3tower], [1, 0, 1]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('missing file, folder and non-SQLite file get clear errors and nothing is created', () => {
  const dir = tempDir();
  try {
    const missing = path.join(dir, 'nope.db');
    assert.throws(
      () => openLibrary(missing),
      (e: unknown) => e instanceof ContractError && e.code === 'not-found',
    );
    assert.equal(fs.existsSync(missing), false);
    assert.throws(
      () => openLibrary(dir),
      (e: unknown) => e instanceof ContractError && e.code === 'not-sqlite',
    );
    const text = path.join(dir, 'notes.txt');
    fs.writeFileSync(text, 'hello, this is not a database at all');
    assert.throws(
      () => openLibrary(text),
      (e: unknown) => e instanceof ContractError && /not a SQLite/.test(e.message),
    );
    assert.equal(fs.readFileSync(text, 'utf8'), 'hello, this is not a database at all');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a database with no tracks table is variant none with zero stats', () => {
  const dir = tempDir();
  try {
    const file = path.join(dir, 'other.db');
    const db = new Database(file);
    db.exec('CREATE TABLE notes (x TEXT)');
    db.close();
    const stats = getLibraryStats(file);
    assert.equal(stats.variant, 'none');
    assert.equal(stats.tracks, 0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a scanning connection keeps a small page cache; others keep SQLite default', () => {
  const dir = tempDir();
  try {
    const file = path.join(dir, 'library.db');
    variantA(file, [B3T]);
    const cacheOf = (scan: boolean): number => {
      const db = openLibrary(file, { readonly: true, scan });
      try {
        return Number(db.pragma('cache_size', { simple: true }));
      } finally {
        db.close();
      }
    };
    assert.equal(cacheOf(true), -256);
    assert.ok(cacheOf(false) < -1000, 'the default cache (better-sqlite3: 16 MB) is left alone');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
