// Restoring files against a real restic: the preview (new, overwrite, identical), apply
// to the original place with the current file kept aside, to another folder, by track,
// a cancelled restore that leaves every original file as it was, and bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { rejectsWith } from '../../test/fixtures/backup-helpers';
import { initRepository, snapshotOperation, type RepoScope } from '../operations';
import { checkPasswordFile } from '../repo-password';
import { applyRestoreFiles, includePattern, previewRestoreFiles } from '../restore-files';
import { audioBytes, makeWorld, quiet, resticOrSkip } from './repo-fixtures';

function stagingLeft(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name.startsWith('.backbeat-restore-')) out.push(path.join(d, e.name));
      else if (e.isDirectory()) walk(path.join(d, e.name));
    }
  };
  walk(dir);
  return out;
}

test('include patterns escape glob characters of file names', () => {
  assert.equal(includePattern('/m/we[ir]d/f*1?.mp3'), '/m/we\\[ir]d/f\\*1\\?.mp3');
  assert.equal(includePattern('/m/back\\slash'), '/m/back\\\\slash');
});

test('restore-files: preview, apply in place (current file kept aside), to a folder, by track', async (t) => {
  if (!(await resticOrSkip(t))) return;
  const w = makeWorld('repo-restore-files', 4, 20_000);
  try {
    const odd = path.join(w.music, 'Odd [live] *take?.mp3');
    fs.writeFileSync(odd, audioBytes(3000));
    await initRepository({ ...w.scope, repo: w.repo });
    const one = await snapshotOperation(w.scope, { name: 'one', trigger: 'manual', ctx: quiet() });
    const f = w.files.map((rel) => path.join(w.music, rel));
    const originals = f.map((p) => fs.readFileSync(p));
    const oddOriginal = fs.readFileSync(odd);
    fs.writeFileSync(f[0]!, 'retagged and broken');
    fs.rmSync(f[1]!);
    fs.rmSync(odd);
    const untouchedIno = fs.statSync(f[2]!).ino;

    const preview = await previewRestoreFiles(w.scope, 'one', { paths: [w.music] });
    assert.equal(preview.snapshot.id, one.snapshot!.id);
    assert.equal(preview.to, null);
    assert.deepEqual(preview.counts, { new: 2, overwrite: 1, identical: 2 });
    const actions = new Map(preview.files.map((e) => [e.path, e.action]));
    assert.equal(actions.get(f[0]!), 'overwrite');
    assert.equal(actions.get(f[1]!), 'new');
    assert.equal(actions.get(odd), 'new');
    assert.equal(actions.get(f[2]!), 'identical');
    assert.equal(preview.bytesToWrite, 20_000 + 20_000 + 3000);
    assert.equal(fs.existsSync(f[1]!), false, 'a preview writes nothing');

    const progress: number[] = [];
    const applied = await applyRestoreFiles(
      w.scope,
      'one',
      { paths: [w.music] },
      { signal: new AbortController().signal, report: (u) => progress.push(u.fraction) },
    );
    assert.equal(applied.written, 3);
    assert.deepEqual(fs.readFileSync(f[0]!), originals[0]);
    assert.deepEqual(fs.readFileSync(f[1]!), originals[1]);
    assert.deepEqual(fs.readFileSync(odd), oddOriginal);
    assert.equal(fs.statSync(f[2]!).ino, untouchedIno, 'an identical file is left alone');
    assert.equal(applied.movedAside.length, 1);
    assert.equal(applied.movedAside[0]!.path, f[0]);
    assert.match(path.basename(applied.movedAside[0]!.movedTo), /^track 0\.before-restore-\d{8}-\d{6}\.mp3$/);
    assert.equal(fs.readFileSync(applied.movedAside[0]!.movedTo, 'utf8'), 'retagged and broken');
    assert.equal(progress.at(-1), 1);
    assert.deepEqual(stagingLeft(w.dir), []);
    // Restored with their times: a second preview finds them identical.
    const again = await previewRestoreFiles(w.scope, 'latest', { paths: [w.music] });
    assert.equal(again.counts.identical, 5);

    // To another folder, by track id and by file path, keeping the paths.
    const elsewhere = path.join(w.dir, 'elsewhere');
    fs.mkdirSync(elsewhere);
    const byTrack = await applyRestoreFiles(
      w.scope,
      one.snapshot!.shortId,
      { tracks: ['t-3', f[2]!], to: elsewhere },
      quiet(),
    );
    assert.deepEqual(
      byTrack.files.map((e) => [e.trackId, e.action, e.destination]),
      [
        ['t-2', 'new', path.join(elsewhere, f[2]!)],
        ['t-3', 'new', path.join(elsewhere, f[3]!)],
      ].sort((a, b) => a[2]!.localeCompare(b[2]!)),
    );
    assert.deepEqual(fs.readFileSync(path.join(elsewhere, f[3]!)), originals[3]);
    assert.deepEqual(byTrack.movedAside, []);
  } finally {
    w.cleanup();
  }
});

test('restore-files: a cancelled restore leaves the current files as they were', async (t) => {
  if (!(await resticOrSkip(t))) return;
  const w = makeWorld('repo-restore-cancel', 2);
  try {
    const big = path.join(w.music, 'long.wav');
    fs.writeFileSync(big, audioBytes(48 * 1024 * 1024));
    await initRepository({ ...w.scope, repo: w.repo });
    await snapshotOperation(w.scope, { trigger: 'manual', ctx: quiet() });
    fs.writeFileSync(big, 'edited since');
    const controller = new AbortController();
    await rejectsWith(
      applyRestoreFiles(
        w.scope,
        'latest',
        { paths: [big] },
        {
          signal: controller.signal,
          report: (u) => {
            if (u.phase === 'restore') controller.abort();
          },
        },
      ),
      'cancelled',
    );
    assert.equal(fs.readFileSync(big, 'utf8'), 'edited since');
    assert.deepEqual(
      fs.readdirSync(w.music).filter((n) => n.includes('before-restore')),
      [],
    );
    assert.deepEqual(stagingLeft(w.dir), []);
  } finally {
    w.cleanup();
  }
});

test('restore-files: bad input, each a sentence; nothing written', async (t) => {
  if (!(await resticOrSkip(t))) return;
  const w = makeWorld('repo-restore-bad', 2);
  try {
    await initRepository({ ...w.scope, repo: w.repo });
    await snapshotOperation(w.scope, { trigger: 'manual', ctx: quiet() });
    const f0 = path.join(w.music, w.files[0]!);
    await rejectsWith(
      previewRestoreFiles(w.scope, 'nope', { paths: [f0] }),
      'not-found',
      /No snapshot of this library matches "nope"/,
    );
    await rejectsWith(
      previewRestoreFiles(w.scope, 'latest', { paths: [path.join(w.music, 'never.mp3')] }),
      'not-found',
      /never\.mp3 is not in snapshot \w+\./,
    );
    await rejectsWith(
      previewRestoreFiles(w.scope, 'latest', { tracks: ['t-99'] }),
      'not-found',
      /No track of this library has the id or file path "t-99"/,
    );
    await rejectsWith(
      previewRestoreFiles(w.scope, 'latest', { paths: [f0], to: 'relative/dir' }),
      'bad-arguments',
      /must be an absolute path, not "relative\/dir"/,
    );
    await rejectsWith(
      previewRestoreFiles(w.scope, 'latest', { paths: [f0], to: path.join(w.dir, 'absent') }),
      'not-found',
      /absent, does not exist/,
    );
    await rejectsWith(previewRestoreFiles(w.scope, 'latest', {}), 'bad-arguments', /Say what to restore/);
    const wrongFile = path.join(w.dir, 'wrong');
    fs.writeFileSync(wrongFile, 'not the password\n', { mode: 0o600 });
    const wrong: RepoScope = { ...w.scope, password: () => Promise.resolve(checkPasswordFile(wrongFile)) };
    await rejectsWith(
      applyRestoreFiles(wrong, 'latest', { paths: [f0] }, quiet()),
      'bad-arguments',
      /Wrong password/,
    );
  } finally {
    w.cleanup();
  }
});
