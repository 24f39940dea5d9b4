// Against a real restic: an unchanged library makes no new snapshot, however the
// folders above the audio folders and the database copy changed, and without asking
// `restic diff` when restic's own backup lines tell it, nor `restic snapshots` when
// the repository's snapshots are those of the last listing; a change that only a folder's
// tree shows (a symlink added, an empty folder removed) still makes a new snapshot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { initRepository, listSnapshotsOperation, snapshotOperation } from '../operations';
import type { RepoScope } from '../operations';
import { makeWorld, quiet, resticOrSkip } from './repo-fixtures';

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

test('unchanged: told from the backup itself when only folders above changed; tree changes still stored', async (t) => {
  if (process.platform === 'win32') return t.skip('a shell script stands in for restic here');
  const restic = await resticOrSkip(t);
  if (!restic) return;
  const w = makeWorld('repo-unchanged');
  const logged = loggingRestic(w.dir, restic.path);
  const scope = logged.scope({ ...w.scope, repo: w.repo });
  const snap = () => snapshotOperation(scope, { trigger: 'manual', ctx: quiet() });
  try {
    await initRepository(scope);
    const first = await snap();
    assert.equal(first.status, 'created');
    logged.calls();

    // The folder holding the music, the library and the data folder changed its times
    // (the library's lock file alone does that on every run): one backup, one forget.
    touchFolder(w.dir);
    const again = await snap();
    assert.equal(again.status, 'unchanged');
    assert.equal(again.snapshot?.id, first.snapshot?.id);
    assert.deepEqual(logged.calls(), ['snapshots', 'backup', 'forget']);

    // Nothing added or forgotten since that listing: it is used again, no `restic
    // snapshots` (snapshot-listing-cache.ts).
    touchFolder(w.dir);
    assert.equal((await snap()).status, 'unchanged');
    assert.deepEqual(logged.calls(), ['backup', 'forget']);

    // A folder inside the music changed its times: restic diff tells, still unchanged.
    touchFolder(path.join(w.music, 'Artist 0'));
    assert.equal((await snap()).status, 'unchanged');
    assert.deepEqual(logged.calls(), ['backup', 'diff', 'forget']);

    // No file is new or changed, but a folder's tree is: a new snapshot each time.
    fs.symlinkSync(path.join(w.music, w.files[0]!), path.join(w.music, 'Artist 1', 'favourite.mp3'));
    const linked = await snap();
    assert.equal(linked.status, 'created');
    assert.deepEqual([linked.filesNew, linked.filesChanged], [0, 0]);
    fs.rmSync(path.join(w.music, 'Artist 1', 'favourite.mp3'));
    fs.symlinkSync(path.join(w.music, w.files[1]!), path.join(w.music, 'Artist 1', 'favourite.mp3'));
    logged.calls();
    assert.equal((await snap()).status, 'created', 'a symlink pointed elsewhere');
    assert.equal(logged.calls()[0], 'snapshots', 'a snapshot was added since the last listing: restic lists');
    fs.mkdirSync(path.join(w.music, 'Empty'));
    assert.equal((await snap()).status, 'created', 'an empty folder added');
    fs.rmdirSync(path.join(w.music, 'Empty'));
    assert.equal((await snap()).status, 'created', 'an empty folder removed');
    assert.equal((await listSnapshotsOperation(scope)).length, 5);
  } finally {
    w.cleanup();
  }
});
