// Against a real restic: init, snapshot, unchanged snapshot skipped, what a change
// adds, excludes, symlinks stored as links, the snapshot list's fields.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { rejectsWith } from '../../test/fixtures/backup-helpers';
import {
  addFolder,
  initRepository,
  listSnapshotsOperation,
  removeFolder,
  repositoryView,
  snapshotOperation,
} from '../operations';
import { checkPasswordFile } from '../repo-password';
import { findRestic } from '../restic-discovery';
import { lsNodeSchema } from '../restic-messages';
import { runRestic } from '../restic-runner';
import { audioBytes, makeWorld, quiet, resticOrSkip } from './repo-fixtures';

async function listing(w: ReturnType<typeof makeWorld>, snapshotId: string): Promise<Map<string, string>> {
  const restic = await resticOrSkipQuiet();
  const res = await runRestic(
    { restic, repo: w.repo, password: checkPasswordFile(w.passwordFile) },
    ['ls', snapshotId],
    { collect: true },
  );
  const out = new Map<string, string>();
  for (const m of res.messages) {
    const n = lsNodeSchema.safeParse(m);
    if (n.success && n.data.struct_type === 'node') out.set(n.data.path, n.data.type);
  }
  return out;
}

function resticOrSkipQuiet() {
  return findRestic(process.env);
}

test('init, folders proposed from the library, snapshot, unchanged skipped, changes measured', async (t) => {
  if (!(await resticOrSkip(t))) return;
  const w = makeWorld('repo-snapshot');
  // restic cuts files into chunks of 0.5 to 8 MiB, so a 4 KB retag of a 16 MiB file can
  // cost at most one chunk: never the whole file again.
  const BIG = 16 * 1024 * 1024;
  const big = path.join(w.music, 'Artist 0', 'big.flac');
  fs.writeFileSync(big, audioBytes(BIG));
  try {
    // Proposed from file_path: the one folder holding every track.
    const view = repositoryView(w.scope);
    assert.equal(view.foldersProposed, true);
    assert.deepEqual(
      view.folders.map((f) => f.path),
      [w.music],
    );
    assert.equal(view.repo, null);
    await rejectsWith(
      snapshotOperation(w.scope, { trigger: 'manual', ctx: quiet() }),
      'not-found',
      /no repository yet/,
    );

    const init = await initRepository({ ...w.scope, repo: w.repo });
    assert.equal(init.created, true);
    assert.equal(repositoryView(w.scope).repo, w.repo);
    // Compression needs repository format 2.
    const restic = await resticOrSkipQuiet();
    const config = execFileSync(restic.path, ['cat', 'config'], {
      env: { ...process.env, RESTIC_REPOSITORY: w.repo, RESTIC_PASSWORD_FILE: w.passwordFile },
    });
    assert.equal((JSON.parse(config.toString()) as { version: number }).version, 2);
    // Init again adopts the same repository (password checked), creates nothing.
    assert.equal((await initRepository(w.scope)).created, false);

    const progress: number[] = [];
    const first = await snapshotOperation(w.scope, {
      name: 'first one',
      trigger: 'manual',
      ctx: { signal: new AbortController().signal, report: (u) => progress.push(u.fraction) },
    });
    assert.equal(first.status, 'created');
    assert.equal(first.filesNew, w.files.length + 2); // the audio, big.flac and the database copy
    assert.ok(first.dataAdded > w.files.length * 64 * 1024, `data added ${first.dataAdded}`);
    assert.equal(first.snapshot?.name, 'first one');
    assert.equal(first.snapshot?.trigger, 'manual');
    assert.equal(first.database.changed, true);
    assert.ok(progress.length > 0 && progress.at(-1) === 1);

    // Nothing changed: no new snapshot.
    const again = await snapshotOperation(w.scope, { trigger: 'manual', ctx: quiet() });
    assert.equal(again.status, 'unchanged');
    assert.equal(again.snapshot?.id, first.snapshot?.id);
    assert.equal(again.database.changed, false);
    assert.equal((await listSnapshotsOperation(w.scope)).length, 1);

    // A retagged file (first 4 KB rewritten) and an analysed track: small additions.
    const fd = fs.openSync(big, 'r+');
    fs.writeSync(fd, audioBytes(4096, 'ID3-retagged'), 0, 4096, 0);
    fs.closeSync(fd);
    const db = new Database(w.libraryPath);
    db.prepare("UPDATE tracks SET sonic_features = '{}' WHERE track_id = 't-1'").run();
    db.close();
    const second = await snapshotOperation(w.scope, { trigger: 'scheduled', ctx: quiet() });
    assert.equal(second.status, 'created');
    assert.equal(second.filesChanged, 2);
    assert.equal(second.database.changed, true);
    assert.ok(second.dataAdded < 8.5 * 1024 * 1024, `a 4 KB retag of 16 MiB added ${second.dataAdded} bytes`);

    await rejectsWith(
      snapshotOperation(w.scope, { name: 'first one', trigger: 'manual', ctx: quiet() }),
      'bad-arguments',
      /already exists/,
    );

    const list = await listSnapshotsOperation(w.scope);
    assert.equal(list.length, 2);
    assert.deepEqual(
      list.map((s) => [s.name, s.trigger, s.filesNew, s.filesChanged]),
      [
        ['first one', 'manual', w.files.length + 2, 0],
        [null, 'scheduled', 0, 2],
      ],
    );
    assert.ok(list.every((s) => /^[0-9a-f]{64}$/.test(s.id) && typeof s.dataAdded === 'number'));
  } finally {
    w.cleanup();
  }
});

test('excludes leave files out; symlinks are stored as links; removed folders are not stored', async (t) => {
  if (!(await resticOrSkip(t))) return;
  const w = makeWorld('repo-excludes', 3);
  try {
    await initRepository({ ...w.scope, repo: w.repo });
    fs.writeFileSync(path.join(w.music, 'Artist 0', 'cover.tmp'), 'scratch');
    fs.mkdirSync(path.join(w.music, 'Podcasts'));
    fs.writeFileSync(path.join(w.music, 'Podcasts', 'talk.mp3'), audioBytes(1000));
    fs.symlinkSync(path.join(w.music, w.files[0]!), path.join(w.music, 'favourite.mp3'));
    const extra = path.join(w.dir, 'extra');
    fs.mkdirSync(extra);
    fs.writeFileSync(path.join(extra, 'sample.wav'), audioBytes(2000));

    await addFolder(w.scope, w.music, ['*.tmp', 'Podcasts/']);
    await addFolder(w.scope, extra, []);
    await rejectsWith(
      addFolder(w.scope, path.join(w.music, 'Artist 0'), []),
      'bad-arguments',
      /already inside/,
    );
    await rejectsWith(addFolder(w.scope, path.join(w.dir, 'nope'), []), 'not-found', /not a folder/);
    const view = repositoryView(w.scope);
    assert.equal(view.foldersProposed, false);
    assert.deepEqual(
      view.folders.map((f) => [f.path, f.excludes]),
      [
        [extra, []],
        [w.music, ['*.tmp', 'Podcasts/']],
      ],
    );

    const snap = await snapshotOperation(w.scope, { trigger: 'manual', ctx: quiet() });
    const nodes = await listing(w, snap.snapshot!.id);
    const paths = [...nodes.keys()];
    assert.ok(paths.some((p) => p.endsWith('/extra/sample.wav')));
    assert.ok(paths.some((p) => p.endsWith('/Artist 0/Album 0/track 0.mp3')));
    assert.ok(!paths.some((p) => p.endsWith('cover.tmp')), 'excluded *.tmp');
    assert.ok(!paths.some((p) => p.includes('/Podcasts')), 'excluded Podcasts/');
    assert.equal([...nodes].find(([p]) => p.endsWith('/favourite.mp3'))?.[1], 'symlink');
    assert.ok(
      paths.some((p) => p.endsWith('/library.db')),
      'the database copy is in the snapshot',
    );

    await removeFolder(w.scope, extra);
    await rejectsWith(removeFolder(w.scope, extra), 'not-found');
    const next = await snapshotOperation(w.scope, { trigger: 'manual', ctx: quiet() });
    assert.equal(next.status, 'created');
    const after = [...(await listing(w, next.snapshot!.id)).keys()];
    assert.ok(!after.some((p) => p.includes('/extra/')));
  } finally {
    w.cleanup();
  }
});
