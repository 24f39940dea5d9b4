// Against a real restic: an unchanged library makes no new snapshot, however the
// folders above the audio folders and the database copy changed: without restic at all
// when the walk of the paths equals the one noted for the newest snapshot, else without
// asking `restic diff` when restic's own backup lines tell it, nor `restic snapshots`
// when the repository's snapshots are those of the last listing; a change that only a
// folder's tree shows (a symlink added, an empty folder removed), a file rewritten with
// its size and times put back, or the database alone still makes a new snapshot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { initRepository, listSnapshotsOperation, snapshotOperation } from '../operations';
import type { RepoScope } from '../operations';
import { makeWorld, quiet, resticOrSkip } from './repo-fixtures';
import { WALK_BESIDE_MARGIN_MS } from '../snapshot-walk-beside';

/** A restic that writes each call's command (`backup`, `diff`...) to `log` and then is restic. */
function loggingRestic(dir: string, real: string): { scope(s: RepoScope): RepoScope; calls(): string[] } {
  const log = path.join(dir, 'restic-calls.log');
  const script = path.join(dir, 'restic-logged');
  // restic's children get a chosen environment, so the paths are written into the script.
  const body = [
    '#!/bin/sh',
    `for a in "$@"; do case "$a" in -*) ;; *) echo "$a" >> '${log}'; break ;; esac; done`,
    `exec '${real}' "$@"`,
  ];
  fs.writeFileSync(script, `${body.join('\n')}\n`, { mode: 0o755 });
  return {
    scope: (s) => ({
      ...s,
      env: { ...process.env, BACKBEAT_RESTIC: script },
    }),
    calls() {
      const text = fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '';
      fs.rmSync(log, { force: true });
      return text.split('\n').filter((l) => l && l !== 'version');
    },
  };
}

/** A file made and removed in `dir`: the folder's times change, its contents do not. */
function touchFolder(dir: string): void {
  const scratch = path.join(dir, '.scratch');
  fs.writeFileSync(scratch, 'x');
  fs.rmSync(scratch);
}

test('unchanged: proven without restic, or told from the backup itself; every change still stored', async (t) => {
  if (process.platform === 'win32') return t.skip('a shell script stands in for restic here');
  const restic = await resticOrSkip(t);
  if (!restic) return;
  const w = makeWorld('repo-unchanged');
  const logged = loggingRestic(w.dir, restic.path);
  const scope = logged.scope({ ...w.scope, repo: w.repo });
  const snap = () => snapshotOperation(scope, { trigger: 'manual', ctx: quiet() });
  try {
    await initRepository(scope);
    // Whole seconds, so that the times can be put back exactly after a rewrite below.
    const file = path.join(w.music, w.files[2]!);
    fs.utimesSync(file, 1_700_000_000, 1_700_000_000);
    // The first snapshot's walk runs beside restic and is noted only when nothing it saw
    // changed near restic's start (snapshot-walk-beside.ts): let the world's ctimes age.
    await new Promise((r) => setTimeout(r, WALK_BESIDE_MARGIN_MS + 50));
    logged.calls();
    // An empty repository needs no listing, and the new snapshot is described from the
    // backup's summary, exactly as restic lists it.
    const first = await snap();
    assert.equal(first.status, 'created');
    assert.deepEqual(logged.calls(), ['backup']);
    assert.deepEqual([first.snapshot], await listSnapshotsOperation(scope));
    logged.calls();

    // The folder holding the music, the library and the data folder changed its times
    // (the library's lock file alone does that on every run): nothing below the paths
    // did, which the walk proves without restic.
    touchFolder(w.dir);
    const again = await snap();
    assert.equal(again.status, 'unchanged');
    assert.equal(again.snapshot?.id, first.snapshot?.id);
    assert.deepEqual(logged.calls(), []);
    assert.deepEqual([again.totalFiles, again.filesUnmodified], [first.totalFiles, first.totalFiles]);

    // The note is gone, so restic runs: only the folders above changed, told from the
    // backup's lines (no diff); and the note is back.
    const note = path.join(
      path.dirname(path.dirname(first.database.path)),
      'work',
      'newest-snapshot-state.json',
    );
    assert.ok(fs.existsSync(note));
    fs.rmSync(note);
    touchFolder(w.dir);
    assert.equal((await snap()).status, 'unchanged');
    assert.deepEqual(logged.calls(), ['backup', 'forget']);
    assert.equal((await snap()).status, 'unchanged');
    assert.deepEqual(logged.calls(), []);

    // A folder inside the music changed its times: restic runs, restic diff tells it is
    // still unchanged, and the walk noted then proves the next one.
    touchFolder(path.join(w.music, 'Artist 0'));
    assert.equal((await snap()).status, 'unchanged');
    assert.deepEqual(logged.calls(), ['backup', 'diff', 'forget']);
    touchFolder(w.dir);
    assert.equal((await snap()).status, 'unchanged');
    assert.deepEqual(logged.calls(), []);

    // A file rewritten in place with its size and times put back: only its ctime moved.
    const bytes = fs.readFileSync(file);
    bytes[100] = bytes[100]! ^ 0xff;
    fs.writeFileSync(file, bytes);
    fs.utimesSync(file, 1_700_000_000, 1_700_000_000);
    const rewritten = await snap();
    assert.equal(rewritten.status, 'created');
    assert.equal(rewritten.filesChanged, 1);
    assert.deepEqual(logged.calls(), ['backup'], 'the kept listing was told about the last snapshot');

    // The database alone changed.
    const db = new Database(w.libraryPath);
    db.prepare("UPDATE tracks SET sonic_features = '{}' WHERE track_id = 't-1'").run();
    db.close();
    const analysed = await snap();
    assert.equal(analysed.status, 'created');
    assert.equal(analysed.database.changed, true);
    assert.equal(analysed.filesChanged, 1);

    // No file is new or changed, but a folder's tree is: a new snapshot each time.
    fs.symlinkSync(path.join(w.music, w.files[0]!), path.join(w.music, 'Artist 1', 'favourite.mp3'));
    const linked = await snap();
    assert.equal(linked.status, 'created');
    assert.deepEqual([linked.filesNew, linked.filesChanged], [0, 0]);
    fs.rmSync(path.join(w.music, 'Artist 1', 'favourite.mp3'));
    fs.symlinkSync(path.join(w.music, w.files[1]!), path.join(w.music, 'Artist 1', 'favourite.mp3'));
    logged.calls();
    assert.equal((await snap()).status, 'created', 'a symlink pointed elsewhere');
    // No `restic snapshots`: the kept listing was told about the snapshot before.
    assert.deepEqual(logged.calls(), ['backup', 'diff']);
    fs.mkdirSync(path.join(w.music, 'Empty'));
    assert.equal((await snap()).status, 'created', 'an empty folder added');
    fs.rmdirSync(path.join(w.music, 'Empty'));
    assert.equal((await snap()).status, 'created', 'an empty folder removed');
    logged.calls();
    const list = await listSnapshotsOperation(scope);
    assert.equal(list.length, 7);
    assert.equal((await snap()).status, 'unchanged');
    assert.deepEqual(logged.calls(), ['snapshots'], 'the listing just now, then no restic');
  } finally {
    w.cleanup();
  }
});

test('a staged database copy that was touched since it was noted is replaced, not trusted', async (t) => {
  const restic = await resticOrSkip(t);
  if (!restic) return;
  const w = makeWorld('repo-staged-touched', 2);
  const scope = { ...w.scope, repo: w.repo };
  const snap = () => snapshotOperation(scope, { trigger: 'manual', ctx: quiet() });
  try {
    await initRepository(scope);
    const first = await snap();
    const staged = first.database.path;
    const good = fs.readFileSync(staged);
    // Bytes changed in the copy, its size and times put back (a run killed half-way
    // through a write, a disk fault): the hash noted for it no longer describes it.
    const bad = Buffer.from(good);
    bad[bad.length - 1] = bad[bad.length - 1]! ^ 0xff;
    const before = fs.statSync(staged);
    fs.writeFileSync(staged, bad);
    fs.utimesSync(staged, before.atime, before.mtime);
    const next = await snap();
    assert.equal(next.database.changed, true);
    assert.deepEqual(fs.readFileSync(staged), good, 'a fresh copy of the library is staged');
    assert.equal((await snap()).database.changed, false, 'and kept once noted');
  } finally {
    w.cleanup();
  }
});
