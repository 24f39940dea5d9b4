// Listing an indexed snapshot by its full id answers from Backbeat's cache without
// starting restic (issue 14); prefixes, names and `latest` still resolve through restic,
// and a snapshot forgotten behind Backbeat's back is served from the index until the
// next listing through restic drops it. restic runs through a wrapper that logs each run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { rejectsWith } from '../../test/fixtures/backup-helpers';
import {
  diffOperation,
  filesOperation,
  initRepository,
  searchFilesOperation,
  snapshotOperation,
  type RepoScope,
} from '../operations';
import { makeWorld, quiet, resticOrSkip } from './repo-fixtures';

test('a second listing of an indexed snapshot by full id starts no restic', async (t) => {
  const restic = await resticOrSkip(t);
  if (!restic) return;
  const w = makeWorld('repo-known', 4, 4_000);
  try {
    const log = path.join(w.dir, 'restic-runs.log');
    const wrapper = path.join(w.dir, 'restic-logged');
    fs.writeFileSync(
      wrapper, // Logs restic's command (its first argument that is not an option), then runs it.
      `#!/bin/sh\nfor a in "$@"; do case "$a" in -*) ;; *) echo "$a" >> '${log}'; break ;; esac; done\nexec '${restic.path}' "$@"\n`,
      {
        mode: 0o755,
      },
    );
    let passwordAsked = 0;
    const scope: RepoScope = {
      ...w.scope,
      env: { ...process.env, BACKBEAT_RESTIC: wrapper },
      password: () => {
        passwordAsked++;
        return w.scope.password();
      },
    };
    const runs = (): string[] =>
      (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n') : []).filter(Boolean);
    const clearRuns = () => fs.rmSync(log, { force: true });

    await initRepository({ ...scope, repo: w.repo });
    const one = (await snapshotOperation(scope, { name: 'one', trigger: 'manual', ctx: quiet() })).snapshot!;
    fs.writeFileSync(path.join(w.music, 'fresh.mp3'), 'y'.repeat(1234));
    const two = (await snapshotOperation(scope, { trigger: 'manual', ctx: quiet() })).snapshot!;
    const album = path.dirname(path.join(w.music, w.files[0]!));

    // The first listing lists the snapshots and indexes the snapshot's listing: restic runs.
    clearRuns();
    const first = await filesOperation(scope, one.id, album);
    assert.deepEqual(runs(), ['snapshots', 'ls']);
    await filesOperation(scope, two.id);

    // Once indexed, by full id: no restic, no password, the same answer.
    clearRuns();
    passwordAsked = 0;
    const again = await filesOperation(scope, one.id, album);
    assert.deepEqual(again, first);
    assert.equal(again.snapshot.name, 'one');
    const found = await searchFilesOperation(scope, two.id, 'FRESH', 10);
    assert.deepEqual(
      found.entries.map((e) => e.path),
      [path.join(w.music, 'fresh.mp3')],
    );
    const diff = await diffOperation(scope, one.id, two.id);
    assert.deepEqual(diff.added, [{ path: path.join(w.music, 'fresh.mp3'), size: 1234 }]);
    await rejectsWith(
      filesOperation(scope, one.id, path.join(w.music, 'nope')),
      'not-found',
      /not in snapshot/,
    );
    assert.deepEqual(runs(), []);
    assert.equal(passwordAsked, 0);

    // Prefixes, names and `latest` still resolve through restic, with the same sentences.
    assert.equal((await filesOperation(scope, one.id.slice(0, 8), album)).snapshot.id, one.id);
    assert.equal((await filesOperation(scope, 'one', album)).snapshot.id, one.id);
    assert.equal((await filesOperation(scope, 'latest')).snapshot.id, two.id);
    assert.deepEqual(runs(), ['snapshots', 'snapshots', 'snapshots']);
    await rejectsWith(
      filesOperation(scope, 'nope'),
      'not-found',
      /^No snapshot of this library matches "nope"\.$/,
    );
    const unknownId = 'f'.repeat(64);
    await rejectsWith(
      filesOperation(scope, unknownId),
      'not-found',
      new RegExp(`^No snapshot of this library matches "${unknownId}"\\.$`),
    );

    // Forgotten behind Backbeat's back: still served from the index, no crash...
    execFileSync(restic.path, ['forget', one.id], {
      env: { ...process.env, RESTIC_REPOSITORY: w.repo, RESTIC_PASSWORD_FILE: w.passwordFile },
      stdio: 'ignore',
    });
    assert.deepEqual((await filesOperation(scope, one.id, album)).entries, first.entries);
    // ...until the next listing through restic drops it from the cached list.
    await filesOperation(scope, 'latest');
    await rejectsWith(
      filesOperation(scope, one.id, album),
      'not-found',
      new RegExp(`^No snapshot of this library matches "${one.id}"\\.$`),
    );
  } finally {
    w.cleanup();
  }
});
