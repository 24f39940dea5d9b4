// better-sqlite3 is opened in one place (engine/sqlite.ts), so the Electron build in
// its own folder is used by the main thread and every worker alike, and plain Node
// (tests, CLI) keeps the default build: no rebuilding back and forth.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { electronSqliteDir, openDatabase, SQLITE_ADDON_FILE, sqliteBindingFor } from '../sqlite';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'test' ? [] : sources(full);
    return /\.tsx?$/.test(e.name) ? [full] : [];
  });
}

test('no product code but engine/sqlite.ts loads better-sqlite3 (type imports are fine)', () => {
  const loads =
    /^\s*import\s+(?!type\b)[^;]*?from\s+['"]better-sqlite3['"]|require\(\s*['"]better-sqlite3['"]\s*\)|import\(\s*['"]better-sqlite3['"]\s*\)/m;
  const offenders = [...sources(path.join(ROOT, 'electron')), ...sources(path.join(ROOT, 'shared'))]
    .filter((file) => loads.test(fs.readFileSync(file, 'utf8')))
    .map((file) => path.relative(ROOT, file));
  assert.deepEqual(offenders, [path.join('electron', 'engine', 'sqlite.ts')]);
});

test('under Electron the add-on comes from its own folder when it is there; under Node, the default', () => {
  const target = { abi: '150', platform: 'linux', arch: 'x64' };
  const expected = path.join(electronSqliteDir('/app', target), SQLITE_ADDON_FILE);
  assert.equal(expected, '/app/native/better-sqlite3/electron-v150-linux-x64/better_sqlite3.node');
  const electron = { versions: { electron: '45.4.1', modules: '150' }, platform: 'linux', arch: 'x64' };
  assert.equal(sqliteBindingFor({ ...electron, exists: (f) => f === expected }, '/app'), expected);
  // No Electron build fetched (or a packaged app rebuilt in place): better-sqlite3's default.
  assert.equal(sqliteBindingFor({ ...electron, exists: () => false }, '/app'), null);
  // Plain Node never takes an Electron build, even one that is there.
  const node = { versions: { node: '20.19.0', modules: '115' }, platform: 'linux', arch: 'x64' };
  assert.equal(sqliteBindingFor({ ...node, exists: () => true }, '/app'), null);
});

test('here, under Node, openDatabase opens with the default build', () => {
  const db = openDatabase(':memory:');
  try {
    assert.equal((db.prepare('SELECT 1 + 1 AS two').get() as { two: number }).two, 2);
  } finally {
    db.close();
  }
});
