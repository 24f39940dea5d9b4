// The repository's disk fills up during a snapshot (an 8 MB tmpfs, so root only): a
// clear sentence, no snapshot listed, the library and its audio untouched; once space
// is freed the next snapshot works and restic check passes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { rejectsWith } from '../../test/fixtures/backup-helpers';
import { initRepository, listSnapshotsOperation, snapshotOperation } from '../operations';
import { checkPasswordFile } from '../repo-password';
import { failure, runResticSerialized } from '../restic-runner';
import { audioBytes, makeWorld, quiet, resticOrSkip } from './repo-fixtures';

function hashes(files: readonly string[]): string[] {
  return files.map((f) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex'));
}

test('the repository disk full: a clear sentence, nothing listed, the library untouched; the next snapshot works', async (t) => {
  const restic = await resticOrSkip(t);
  if (!restic) return;
  if (process.platform !== 'linux' || process.getuid?.() !== 0) {
    return t.skip('needs root on Linux to mount an 8 MB tmpfs as the full repository disk');
  }
  const w = makeWorld('repo-disk-full', 3, 1024 * 1024);
  const disk = path.join(w.dir, 'small-disk');
  fs.mkdirSync(disk);
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', disk], { encoding: 'utf8' });
  if (mounted.status !== 0) {
    w.cleanup();
    return t.skip(`could not mount a tmpfs here (${mounted.stderr.trim()})`);
  }
  try {
    const repo = path.join(disk, 'repo');
    await initRepository({ ...w.scope, repo });
    // Something else fills the disk, leaving less than the snapshot needs.
    const ballast = path.join(disk, 'other-files');
    fs.writeFileSync(ballast, crypto.randomBytes(5 * 1024 * 1024));
    fs.writeFileSync(path.join(w.music, 'big.wav'), audioBytes(3 * 1024 * 1024));
    const library = [
      w.libraryPath,
      ...w.files.map((f) => path.join(w.music, f)),
      path.join(w.music, 'big.wav'),
    ];
    const before = hashes(library);

    const err = await rejectsWith(snapshotOperation(w.scope, { trigger: 'manual', ctx: quiet() }), 'io');
    assert.match(err.message, /^The disk of the repository at .*small-disk\/repo is full: .*Free some space/);
    assert.doesNotMatch(err.message, /ENOSPC|\n\s+at /, 'a sentence, not an errno or a stack');
    assert.equal((await listSnapshotsOperation(w.scope)).length, 0, 'nothing half-done is listed');
    assert.deepEqual(hashes(library), before, 'the library and its audio are untouched');

    fs.rmSync(ballast);
    const next = await snapshotOperation(w.scope, { trigger: 'manual', ctx: quiet() });
    assert.equal(next.status, 'created');
    assert.equal((await listSnapshotsOperation(w.scope)).length, 1);
    await runResticSerialized({ restic, repo, password: checkPasswordFile(w.passwordFile) }, ['check']);
    assert.deepEqual(hashes(library), before);
  } finally {
    execFileSync('umount', [disk]);
    w.cleanup();
  }
});

test('"no space left on device" from restic: the repository disk, or another, named in a sentence', () => {
  const access = {
    restic: { path: '/bin/restic', version: '0.18.0', source: 'PATH' as const },
    repo: '/mnt/backup/repo',
    password: { kind: 'file' as const, path: '/p' },
  };
  const repoFull = failure(
    access,
    1,
    'unable to save snapshot: write /mnt/backup/repo/data/c7/c74b-tmp-29: no space left on device',
  );
  assert.equal(repoFull.code, 'io');
  assert.match(repoFull.message, /^The disk of the repository at \/mnt\/backup\/repo is full/);
  const otherFull = failure(access, 1, 'write /home/me/restore/.staging/x: no space left on device');
  assert.equal(
    otherFull.message,
    'A disk is full (restic could not write /home/me/restore/.staging/x). Free some space on it and try again.',
  );
  assert.match(
    failure(access, 1, 'something else').message,
    /^restic failed \(exit code 1\): something else\.$/,
  );
});
