// Cross-check against a real restic: missing files with the newest snapshot that holds
// them, unreadable ones, files changed since the newest snapshot, audio no track refers
// to; and without a repository, the same minus the snapshots.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { rejectsWith } from '../../test/fixtures/backup-helpers';
import { crosscheckOperation } from '../crosscheck';
import { initRepository, snapshotOperation, type RepoScope } from '../operations';
import { checkPasswordFile } from '../repo-password';
import { audioBytes, makeWorld, quiet, resticOrSkip } from './repo-fixtures';

function addTrack(libraryPath: string, id: string, filePath: string): void {
  const db = new Database(libraryPath);
  db.prepare('INSERT INTO tracks (track_id, artist, title, file_path) VALUES (?, ?, ?, ?)').run(
    id,
    'A',
    'T',
    filePath,
  );
  db.close();
}

test('crosscheck: missing (with the newest snapshot holding it), unreadable, changed, unreferenced', async (t) => {
  if (!(await resticOrSkip(t))) return;
  const w = makeWorld('repo-crosscheck', 5, 4000);
  try {
    const f = w.files.map((rel) => path.join(w.music, rel));
    await initRepository({ ...w.scope, repo: w.repo });
    const one = await snapshotOperation(w.scope, { name: 'one', trigger: 'manual', ctx: quiet() });
    fs.rmSync(f[0]!);
    const two = await snapshotOperation(w.scope, { name: 'two', trigger: 'manual', ctx: quiet() });
    assert.equal(two.status, 'created');

    const clean = await crosscheckOperation(w.scope);
    assert.deepEqual(clean.changed, []);
    assert.deepEqual(clean.unreferenced, []);
    assert.deepEqual(
      clean.missing.map((m) => [m.trackId, m.path, m.snapshot?.id]),
      [['t-0', f[0], one.snapshot!.id]],
      'the newest snapshot holding it is the older one',
    );

    const ghost = path.join(w.music, 'never there.mp3');
    addTrack(w.libraryPath, 't-ghost', ghost);
    fs.appendFileSync(f[1]!, 'retagged');
    fs.rmSync(f[2]!);
    fs.mkdirSync(f[2]!); // a folder where the file should be: there, but not readable audio
    const stray = path.join(w.music, 'Artist 0', 'stray.FLAC');
    fs.writeFileSync(stray, audioBytes(777));
    fs.writeFileSync(path.join(w.music, 'notes.txt'), 'not audio');

    const r = await crosscheckOperation(w.scope);
    assert.equal(r.newestSnapshot?.id, two.snapshot!.id);
    assert.equal(r.tracks, 6);
    assert.deepEqual(
      r.missing.map((m) => [m.trackId, m.snapshot?.name ?? null]),
      [
        ['t-0', 'one'],
        ['t-ghost', null],
      ],
    );
    assert.deepEqual(
      r.unreadable.map((u) => [u.trackId, u.path, u.reason]),
      [['t-2', f[2], 'is not a file']],
    );
    assert.equal(r.changed.length, 1);
    assert.equal(r.changed[0]!.trackId, 't-1');
    assert.equal(r.changed[0]!.size, 4008);
    assert.equal(r.changed[0]!.sizeInSnapshot, 4000);
    assert.deepEqual(r.unreferenced, [{ path: stray, size: 777 }]);
    assert.equal(r.audioFilesSeen, 4); // t-1, t-3, t-4 and the stray file

    const wrongFile = path.join(w.dir, 'wrong');
    fs.writeFileSync(wrongFile, 'not the password\n', { mode: 0o600 });
    const wrong: RepoScope = { ...w.scope, password: () => Promise.resolve(checkPasswordFile(wrongFile)) };
    await rejectsWith(crosscheckOperation(wrong), 'bad-arguments', /Wrong password/);
  } finally {
    w.cleanup();
  }
});

test('crosscheck without a repository: missing and unreferenced files, no snapshots', async () => {
  const w = makeWorld('repo-crosscheck-norepo', 2, 100);
  try {
    const f0 = path.join(w.music, w.files[0]!);
    fs.rmSync(f0);
    const asked: string[] = [];
    const scope: RepoScope = { ...w.scope, password: () => (asked.push('pw'), w.scope.password()) };
    const r = await crosscheckOperation(scope);
    assert.deepEqual(r.missing, [{ path: f0, trackId: 't-0', snapshot: null }]);
    assert.equal(r.newestSnapshot, null);
    assert.deepEqual(asked, [], 'no password asked without a repository');
  } finally {
    w.cleanup();
  }
});
