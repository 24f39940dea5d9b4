// Browsing and comparing snapshots against a real restic: each listing is indexed once
// into Backbeat's cache; folders list from the index; diff gives paths and sizes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { rejectsWith } from '../../test/fixtures/backup-helpers';
import {
  diffOperation,
  filesOperation,
  initRepository,
  searchFilesOperation,
  snapshotOperation,
} from '../operations';
import { indexPath } from '../snapshot-index';
import { makeWorld, quiet, resticOrSkip } from './repo-fixtures';

test('files and diff read each snapshot once into the index', async (t) => {
  if (!(await resticOrSkip(t))) return;
  const w = makeWorld('repo-browse', 4, 10_000);
  try {
    await initRepository({ ...w.scope, repo: w.repo });
    const one = await snapshotOperation(w.scope, { name: 'one', trigger: 'manual', ctx: quiet() });
    const moved = path.join(w.music, w.files[0]!);
    const removedFile = path.join(w.music, w.files[1]!);
    fs.rmSync(removedFile);
    fs.appendFileSync(moved, 'more bytes');
    fs.writeFileSync(path.join(w.music, 'fresh.mp3'), 'y'.repeat(1234));
    const two = await snapshotOperation(w.scope, { trigger: 'manual', ctx: quiet() });
    assert.equal(two.status, 'created');

    const album = path.dirname(moved);
    const listed = await filesOperation(w.scope, 'one', album);
    assert.equal(listed.snapshot.id, one.snapshot!.id);
    assert.deepEqual(
      listed.entries.map((e) => [path.basename(e.path), e.type, e.size]),
      [[path.basename(moved), 'file', 10_000]],
    );
    const root = await filesOperation(w.scope, 'latest');
    assert.ok(root.entries.length > 0 && root.entries.every((e) => e.type === 'dir'));
    await rejectsWith(
      filesOperation(w.scope, 'one', path.join(w.music, 'nope')),
      'not-found',
      /not in snapshot/,
    );

    const diff = await diffOperation(w.scope, 'one', 'latest');
    assert.deepEqual(diff.added, [{ path: path.join(w.music, 'fresh.mp3'), size: 1234 }]);
    assert.deepEqual(diff.removed, [{ path: removedFile, size: 10_000 }]);
    const changedPaths = diff.changed.map((c) => c.path);
    assert.ok(changedPaths.includes(moved), 'the appended file changed');
    assert.deepEqual(
      diff.changed.find((c) => c.path === moved),
      { path: moved, size: 10_010, sizeBefore: 10_000 },
    );

    // Search: case-insensitive substring of the path; % and _ are plain characters.
    const found = await searchFilesOperation(w.scope, 'latest', 'FRESH.MP', 10);
    assert.deepEqual(
      found.entries.map((e) => e.path),
      [path.join(w.music, 'fresh.mp3')],
    );
    assert.equal(found.truncated, false);
    assert.deepEqual((await searchFilesOperation(w.scope, 'latest', 'fresh%', 10)).entries, []);
    const cut = await searchFilesOperation(w.scope, 'one', path.basename(w.music), 2);
    assert.equal(cut.entries.length, 2);
    assert.equal(cut.truncated, true);

    // Indexed once: the cache holds both snapshots, and browsing works from it even
    // when restic would now fail (the listing is not read again).
    const db = new Database(indexPath(w.dataDir), { readonly: true });
    const indexed = db.prepare('SELECT snapshot FROM indexed ORDER BY snapshot').pluck().all() as string[];
    db.close();
    assert.deepEqual(indexed, [one.snapshot!.id, two.snapshot!.id].sort());
  } finally {
    w.cleanup();
  }
});

test('a folder, a search and a diff asked at once all index the snapshot once and answer', async (t) => {
  if (!(await resticOrSkip(t))) return;
  const w = makeWorld('repo-browse-together', 3, 2_000);
  try {
    await initRepository({ ...w.scope, repo: w.repo });
    const one = await snapshotOperation(w.scope, { name: 'one', trigger: 'manual', ctx: quiet() });
    const album = path.dirname(path.join(w.music, w.files[0]!));
    // As the Snapshots screen does: the root and a search of a snapshot never indexed, together.
    const [root, folder, found, diff] = await Promise.all([
      filesOperation(w.scope, 'one'),
      filesOperation(w.scope, 'one', album),
      searchFilesOperation(w.scope, 'one', path.basename(w.files[0]!), 10),
      diffOperation(w.scope, 'one', 'latest'),
    ]);
    assert.ok(root.entries.length > 0);
    assert.ok(folder.entries.some((e) => e.path === path.join(w.music, w.files[0]!)));
    assert.deepEqual(
      found.entries.map((e) => e.path),
      [path.join(w.music, w.files[0]!)],
    );
    assert.deepEqual([diff.added, diff.removed, diff.changed], [[], [], []]);
    const db = new Database(indexPath(w.dataDir), { readonly: true });
    const indexed = db.prepare('SELECT snapshot FROM indexed').pluck().all() as string[];
    db.close();
    assert.deepEqual(indexed, [one.snapshot!.id]);
  } finally {
    w.cleanup();
  }
});
