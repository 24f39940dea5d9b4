// Export against a real restic: a whole snapshot as .tar.gz and a folder of it as .zip,
// opened with tar and unzip, their bytes and hash files checked with sha256sum; bad
// input refused with a sentence and nothing left behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { rejectsWith } from '../../test/fixtures/backup-helpers';
import { archiveFormatOf, exportOperation } from '../export';
import { initRepository, snapshotOperation, type RepoScope } from '../operations';
import { checkPasswordFile } from '../repo-password';
import { makeWorld, quiet, resticOrSkip } from './repo-fixtures';

test('archive format by the file name', () => {
  assert.equal(archiveFormatOf('/x/a.tar.gz'), 'tar.gz');
  assert.equal(archiveFormatOf('/x/a.TGZ'), 'tar.gz');
  assert.equal(archiveFormatOf('/x/a.zip'), 'zip');
  assert.equal(archiveFormatOf('/x/a.tar'), null);
});

test('export: .tar.gz of a snapshot and .zip of a folder open with tar and unzip; hashes match', async (t) => {
  if (!(await resticOrSkip(t))) return;
  const w = makeWorld('repo-export', 3, 30_000);
  try {
    await initRepository({ ...w.scope, repo: w.repo });
    await snapshotOperation(w.scope, { name: 'one', trigger: 'manual', ctx: quiet() });
    const outDir = path.join(w.dir, 'out');
    fs.mkdirSync(outDir);
    const f0 = path.join(w.music, w.files[0]!);
    const original = fs.readFileSync(f0);

    const fractions: number[] = [];
    const tgz = path.join(outDir, 'all.tar.gz');
    const r = await exportOperation(w.scope, {
      ref: 'one',
      out: tgz,
      ctx: { signal: new AbortController().signal, report: (u) => fractions.push(u.fraction) },
    });
    assert.equal(r.format, 'tar.gz');
    assert.equal(r.path, '/');
    assert.equal(r.bytes, fs.statSync(tgz).size);
    assert.equal(r.sha256, crypto.createHash('sha256').update(fs.readFileSync(tgz)).digest('hex'));
    assert.equal(fs.readFileSync(`${tgz}.sha256`, 'utf8'), `${r.sha256}  all.tar.gz\n`);
    execFileSync('sha256sum', ['-c', 'all.tar.gz.sha256'], { cwd: outDir, stdio: 'pipe' });
    const listed = execFileSync('tar', ['tzf', tgz], { encoding: 'utf8' }).split('\n');
    assert.ok(listed.includes(f0.slice(1)), `${f0} is in the archive`);
    assert.deepEqual(execFileSync('tar', ['xzOf', tgz, f0.slice(1)]), original);
    assert.equal(fractions.at(-1), 1);

    const album = path.dirname(f0);
    const zip = path.join(outDir, 'album.zip');
    const z = await exportOperation(w.scope, { ref: 'latest', path: album, out: zip, ctx: quiet() });
    assert.equal(z.format, 'zip');
    execFileSync('sha256sum', ['-c', 'album.zip.sha256'], { cwd: outDir, stdio: 'pipe' });
    const names = execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8' }).trim().split('\n');
    assert.ok(
      names.some((n) => n.endsWith(path.basename(f0))),
      names.join('\n'),
    );
    assert.ok(
      names.every((n) => !n.includes('Album 1')),
      'only the folder asked for',
    );
    const inZip = names.find((n) => n.endsWith(path.basename(f0)))!;
    assert.deepEqual(execFileSync('unzip', ['-p', zip, inZip], { maxBuffer: 1 << 26 }), original);
    assert.deepEqual(fs.readdirSync(outDir).sort(), [
      'album.zip',
      'album.zip.sha256',
      'all.tar.gz',
      'all.tar.gz.sha256',
    ]);

    // Bad input: each a sentence, nothing left behind.
    await rejectsWith(
      exportOperation(w.scope, { ref: 'one', out: tgz, ctx: quiet() }),
      'bad-arguments',
      /already exists/,
    );
    await rejectsWith(
      exportOperation(w.scope, { ref: 'one', out: path.join(outDir, 'x.rar'), ctx: quiet() }),
      'bad-arguments',
      /must end in \.tar\.gz, \.tgz or \.zip/,
    );
    await rejectsWith(
      exportOperation(w.scope, { ref: 'nope', out: path.join(outDir, 'x.zip'), ctx: quiet() }),
      'not-found',
      /No snapshot of this library matches "nope"/,
    );
    await rejectsWith(
      exportOperation(w.scope, {
        ref: 'one',
        path: path.join(w.music, 'nowhere'),
        out: path.join(outDir, 'x.zip'),
        ctx: quiet(),
      }),
      'not-found',
      /nowhere is not in snapshot/,
    );
    await rejectsWith(
      exportOperation(w.scope, { ref: 'one', path: f0, out: path.join(outDir, 'x.zip'), ctx: quiet() }),
      'bad-arguments',
      /is a file, not a folder/,
    );
    await rejectsWith(
      exportOperation(w.scope, { ref: 'one', out: path.join(w.dir, 'no-dir', 'x.zip'), ctx: quiet() }),
      'not-found',
      /does not exist/,
    );
    const wrongFile = path.join(w.dir, 'wrong');
    fs.writeFileSync(wrongFile, 'not the password\n', { mode: 0o600 });
    const wrong: RepoScope = { ...w.scope, password: () => Promise.resolve(checkPasswordFile(wrongFile)) };
    await rejectsWith(
      exportOperation(wrong, { ref: 'one', out: path.join(outDir, 'x.zip'), ctx: quiet() }),
      'bad-arguments',
      /Wrong password/,
    );
    assert.deepEqual(fs.readdirSync(outDir).sort(), [
      'album.zip',
      'album.zip.sha256',
      'all.tar.gz',
      'all.tar.gz.sha256',
    ]);
  } finally {
    w.cleanup();
  }
});
