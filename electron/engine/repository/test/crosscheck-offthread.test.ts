// The cross-check off the main thread and kept between asks (no restic needed): with a
// library of many tracks the service answers another call while the cross-check runs;
// asking again gives the kept answer until the library changes, a restore of files
// says the disk changed, or "Check again" asks for a fresh look.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createBackbeatService } from '../../app/service';
import { makeTempDir } from '../../test/fixtures/temp-dir';
import { forgetCrosschecks, keptCrosscheck } from '../crosscheck';
import type { RepoScope } from '../operations';
import { writeLibrary } from './repo-fixtures';

const TRACKS = 20_000;

test('the service answers another call while the cross-check of many tracks runs', async (t) => {
  const tmp = makeTempDir('crosscheck-offthread');
  try {
    const libraryPath = path.join(tmp.dir, 'library.db');
    const music = path.join(tmp.dir, 'music');
    writeLibrary(
      libraryPath,
      Array.from({ length: TRACKS }, (_, i) =>
        path.join(music, `Artist ${i % 50}`, `Album ${i % 7}`, `${i}.flac`),
      ),
    );
    const svc = createBackbeatService({
      dataDir: path.join(tmp.dir, 'data'),
      appVersion: 't',
      mode: 'browser',
    });
    t.after(() => svc.dispose());
    await svc.setLibrary({ path: libraryPath });

    let finished = false;
    const check = svc.crosscheckLibrary({}).then((r) => {
      finished = true;
      return r;
    });
    // Another call, and a turn of the event loop: both come back before the cross-check
    // does, because its reading of 20,000 tracks happens in a worker, not on this thread.
    const view = await svc.getRepository({});
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(finished, false, 'the other call waited for the cross-check');
    assert.equal(view.libraryPath, libraryPath);

    const r = await check;
    assert.equal(r.tracks, TRACKS);
    assert.equal(r.missing.length, TRACKS);
    assert.equal(r.missing[0]!.snapshot, null);
  } finally {
    tmp.cleanup();
  }
});

test('the answer is kept until the library changes or a restore says the disk changed', async () => {
  const tmp = makeTempDir('crosscheck-kept');
  try {
    const libraryPath = path.join(tmp.dir, 'library.db');
    const music = path.join(tmp.dir, 'music');
    fs.mkdirSync(music);
    const files = ['a.mp3', 'b.mp3'].map((n) => path.join(music, n));
    writeLibrary(libraryPath, files);
    fs.writeFileSync(files[0]!, 'audio');
    const scope: RepoScope = {
      dataDir: path.join(tmp.dir, 'data'),
      libraryPath,
      env: {},
      password: () => Promise.reject(new Error('no repository here')),
    };

    const first = await keptCrosscheck(scope);
    assert.deepEqual(
      first.missing.map((m) => m.path),
      [files[1]],
    );
    // Nothing that Backbeat watches changed: the kept answer, not a second look.
    fs.writeFileSync(files[1]!, 'audio');
    assert.equal(await keptCrosscheck(scope), first);

    // A restore of files (or anything that writes) forgets it: the file is there now.
    forgetCrosschecks();
    const second = await keptCrosscheck(scope);
    assert.notEqual(second, first);
    assert.deepEqual(second.missing, []);
    // "Check again" looks afresh whatever is kept.
    fs.rmSync(files[1]!);
    assert.equal(await keptCrosscheck(scope), second);
    const again = await keptCrosscheck(scope, true);
    assert.deepEqual(
      again.missing.map((m) => m.path),
      [files[1]],
    );
    fs.writeFileSync(files[1]!, 'audio');
    forgetCrosschecks();

    // The library changed: a track added is seen without forgetting anything.
    const db = new Database(libraryPath);
    db.prepare('INSERT INTO tracks (track_id, artist, title, file_path) VALUES (?, ?, ?, ?)').run(
      't-new',
      'A',
      'T',
      path.join(music, 'c.mp3'),
    );
    db.close();
    const third = await keptCrosscheck(scope);
    assert.deepEqual(
      third.missing.map((m) => m.trackId),
      ['t-new'],
    );
    assert.equal(third.tracks, 3);
  } finally {
    tmp.cleanup();
  }
});
