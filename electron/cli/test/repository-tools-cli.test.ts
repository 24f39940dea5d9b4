// The repository's tools in-process through main(), against a real restic: check,
// restore-files, crosscheck and export, with --json documents, human text, exit codes
// and bad input (each a sentence, never a stack).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { execFileSync, spawn } from 'node:child_process';
import type {
  CrosscheckResult,
  ExportResult,
  RepoCheckResult,
  RestoreFilesPlan,
  RestoreFilesResult,
} from '../../../shared/repository-tools-types';
import {
  audioBytes,
  makeWorld,
  resticOrSkip,
  type RepoWorld,
} from '../../engine/repository/test/repo-fixtures';
import { BIN } from './spawn-cli';
import { runner } from './repo-runner';

function wrongPasswordFile(w: RepoWorld): string {
  const file = path.join(w.dir, 'wrong-password');
  fs.writeFileSync(file, 'not the password\n', { mode: 0o600 });
  return file;
}

test('check from the command line: usage, ok, wrong password, missing repository', async (t) => {
  const restic = await resticOrSkip(t);
  if (!restic) return;
  const w = makeWorld('cli-check', 2);
  const run = runner(w, restic.path);
  try {
    for (const bad of ['abc', '0', '101', '-5', '10%%']) {
      const r = await run(['check', '--read-data', bad]);
      assert.equal(r.code, 2, `--read-data ${bad}: ${r.err}`);
      assert.match(r.err, /--read-data must be a percent above 0 and at most 100/);
    }
    assert.equal((await run(['check', 'extra'])).code, 2);
    const none = await run(['check']);
    assert.equal(none.code, 1);
    assert.match(none.err, /no repository yet/);
    assert.equal((await run(['repo', 'init', '--repo', w.repo])).code, 0);
    assert.equal((await run(['snapshot'])).code, 0);

    const ok = await run(['check', '--read-data', '50%', '--json']);
    assert.equal(ok.code, 0, ok.err);
    const doc = JSON.parse(ok.out) as RepoCheckResult;
    assert.equal(doc.outcome, 'ok');
    assert.equal(doc.readDataPercent, 50);
    const human = await run(['check']);
    assert.equal(human.code, 0, human.err);
    assert.match(human.out, /^Checked its structure of the repository at .*: no errors\.\n$/);

    const wrong = await run(['check', '--password-file', wrongPasswordFile(w)]);
    assert.equal(wrong.code, 1);
    assert.match(wrong.err, /^backbeat: Wrong password for the repository at /);
    const missing = await run(['check', '--repo', path.join(w.dir, 'nowhere'), '--json']);
    assert.equal(missing.code, 1);
    assert.match(
      (JSON.parse(missing.out) as { error: { message: string } }).error.message,
      /no restic repository/,
    );
  } finally {
    w.cleanup();
  }
});

test('restore-files from the command line: preview, apply, --to, --track, bad input', async (t) => {
  const restic = await resticOrSkip(t);
  if (!restic) return;
  const w = makeWorld('cli-restore-files', 3, 8000);
  const run = runner(w, restic.path);
  try {
    assert.equal((await run(['repo', 'init', '--repo', w.repo])).code, 0);
    assert.equal((await run(['snapshot', '--name', 'one'])).code, 0);
    const f = w.files.map((rel) => path.join(w.music, rel));
    const original = fs.readFileSync(f[0]!);
    fs.writeFileSync(f[0]!, 'changed');
    fs.rmSync(f[1]!);

    // Usage errors: exit 2, nothing written.
    for (const [argv, message] of [
      [['restore-files', 'one'], /needs what to restore/],
      [['restore-files', 'one', f[0]!, '--track', 't-0'], /either paths or --track/],
      [['restore-files', 'one', f[0]!, '--to', 'rel/dir'], /--to must be an absolute folder, not "rel\/dir"/],
      [['restore-files'], /restore-files needs <snapshot>/],
    ] as [string[], RegExp][]) {
      const r = await run(argv);
      assert.equal(r.code, 2, `${argv.join(' ')}: ${r.err}`);
      assert.match(r.err, message);
    }
    // Bad input found by the engine: exit 1, a sentence.
    for (const [argv, message] of [
      [['restore-files', 'nope', f[0]!], /No snapshot of this library matches "nope"/],
      [['restore-files', 'one', path.join(w.music, 'x.mp3')], /x\.mp3 is not in snapshot/],
      [
        ['restore-files', 'one', f[0]!, '--to', path.join(w.dir, 'absent')],
        /does not exist\. Create it first/,
      ],
      [
        ['restore-files', 'one', '--track', 'no-such-track'],
        /No track of this library has the id or file path "no-such-track"/,
      ],
      [['restore-files', 'one', f[0]!, '--password-file', wrongPasswordFile(w)], /Wrong password/],
    ] as [string[], RegExp][]) {
      const r = await run([...argv, '--json']);
      assert.equal(r.code, 1, `${argv.join(' ')}: ${r.err}`);
      assert.match((JSON.parse(r.out) as { error: { message: string } }).error.message, message);
      assert.doesNotMatch(r.err, /\n\s+at /, 'no stack');
    }
    assert.equal(fs.readFileSync(f[0]!, 'utf8'), 'changed');

    const preview = await run(['restore-files', 'one', w.music]);
    assert.equal(preview.code, 0, preview.err);
    assert.match(preview.out, /1 new, 1 to overwrite, 1 identical \(left alone\)/);
    assert.match(preview.out, /Nothing was changed\. Add --apply/);
    assert.equal(fs.existsSync(f[1]!), false);

    const applied = await run(['restore-files', 'one', w.music, '--apply', '--json']);
    assert.equal(applied.code, 0, applied.err);
    const r = JSON.parse(applied.out) as RestoreFilesResult;
    assert.equal(r.written, 2);
    assert.deepEqual(fs.readFileSync(f[0]!), original);
    assert.equal(fs.readFileSync(r.movedAside[0]!.movedTo, 'utf8'), 'changed');

    const to = path.join(w.dir, 'copy');
    fs.mkdirSync(to);
    const byTrack = await run(['restore-files', 'one', '--track', 't-2', '--to', to, '--json']);
    assert.equal(byTrack.code, 0, byTrack.err);
    const plan = JSON.parse(byTrack.out) as RestoreFilesPlan;
    assert.deepEqual(
      plan.files.map((e) => [e.trackId, e.action, e.destination]),
      [['t-2', 'new', path.join(to, f[2]!)]],
    );
    const human = await run(['restore-files', 'one', '--track', 't-2', '--to', to, '--apply']);
    assert.equal(human.code, 0, human.err);
    assert.match(human.out, /^Restored 1 file from snapshot \w+; 0 identical left alone\.\n$/);
  } finally {
    w.cleanup();
  }
});

test('restore-files text shows a name that is not UTF-8 with its byte escaped, as the app does', async (t) => {
  if (process.platform === 'win32') return t.skip('POSIX names');
  const restic = await resticOrSkip(t);
  if (!restic) return;
  const w = makeWorld('cli-restore-names', 1, 2000);
  const run = runner(w, restic.path);
  try {
    // In the album folder: the one folder proposed for a one-track library.
    const album = path.join(w.music, path.dirname(w.files[0]!));
    const cafe = Buffer.concat([Buffer.from(`${album}/caf`), Buffer.from([0xe9]), Buffer.from('.flac')]);
    fs.writeFileSync(cafe, 'as in the snapshot');
    assert.equal((await run(['repo', 'init', '--repo', w.repo])).code, 0);
    assert.equal((await run(['snapshot'])).code, 0);
    fs.writeFileSync(cafe, 'changed since');
    const shown = `${album}/caf\\xE9.flac`;

    const preview = await run(['restore-files', 'latest', album]);
    assert.equal(preview.code, 0, preview.err);
    assert.ok(preview.out.includes(`  overwrite ${shown}\n`), preview.out);
    assert.doesNotMatch(preview.out, /\ufffd/);

    const applied = await run(['restore-files', 'latest', album, '--apply']);
    assert.equal(applied.code, 0, applied.err);
    assert.match(applied.out, /The files they replaced were kept:\n {2}(.*)\n$/);
    const kept = /kept:\n {2}(.*)\n$/.exec(applied.out)![1]!;
    assert.match(kept, /\/caf\\xE9\.before-restore-\d{8}-\d{6}\.flac$/);
    assert.equal(kept.startsWith(`${album}/`), true);
    assert.equal(fs.readFileSync(cafe, 'utf8'), 'as in the snapshot');

    // JSON keeps the exact fields as restic lists the name, the display forms beside them.
    fs.writeFileSync(cafe, 'changed again');
    const json = await run(['restore-files', 'latest', album, '--apply', '--json']);
    assert.equal(json.code, 0, json.err);
    const moved = (JSON.parse(json.out) as RestoreFilesResult).movedAside;
    assert.equal(moved.length, 1);
    assert.equal(moved[0]!.path, `${album}/caf\ufffd.flac`);
    assert.equal(moved[0]!.display, shown);
    assert.match(moved[0]!.movedTo, /\/caf\ufffd\.before-restore-\d{8}-\d{6}(-1)?\.flac$/);
    assert.equal(moved[0]!.movedToDisplay, moved[0]!.movedTo.replace('\ufffd', '\\xE9'));
  } finally {
    w.cleanup();
  }
});

test('restore-files --apply killed with -9 mid-way: the current file is intact; the next restore works', async (t) => {
  const restic = await resticOrSkip(t);
  if (!restic) return;
  const w = makeWorld('cli-restore-kill', 1);
  const run = runner(w, restic.path);
  try {
    // In the album folder: the one folder proposed for a one-track library.
    const album = path.join(w.music, path.dirname(w.files[0]!));
    const big = path.join(album, 'long.wav');
    fs.writeFileSync(big, audioBytes(64 * 1024 * 1024));
    assert.equal((await run(['repo', 'init', '--repo', w.repo])).code, 0);
    assert.equal((await run(['snapshot'])).code, 0);
    fs.writeFileSync(big, 'the current file');
    // Index the snapshot first so the killed run reaches restic quickly.
    const indexed = await run(['restore-files', 'latest', big]);
    assert.equal(indexed.code, 0, indexed.err);

    const child = spawn(
      process.execPath,
      [BIN, 'restore-files', 'latest', big, '--apply', '--data-dir', w.dataDir],
      {
        env: {
          ...process.env,
          BACKBEAT_LIBRARY: w.libraryPath,
          BACKBEAT_RESTIC: restic.path,
          BACKBEAT_REPO_PASSWORD_FILE: w.passwordFile,
          // The job stops for good once the file is staged, before anything is moved: seeing
          // the staging folder late (a busy machine) can then never mean a restore already done.
          BACKBEAT_TEST_HANG_AT: 'restore-files-staged',
        },
        stdio: 'ignore',
        detached: true,
      },
    );
    const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
    // Kill the CLI and its restic together once the staging folder is there: while restic
    // writes into it, or once the job is held with the file staged. The ceiling only
    // catches a hang.
    const deadline = Date.now() + 300_000;
    while (!fs.readdirSync(album).some((n) => n.startsWith('.backbeat-restore-'))) {
      assert.ok(Date.now() < deadline, 'the restore never staged anything');
      await new Promise((r) => setTimeout(r, 10));
    }
    process.kill(-child.pid!, 'SIGKILL');
    await exited;
    assert.equal(fs.readFileSync(big, 'utf8'), 'the current file', 'the original is intact');

    const again = await run(['restore-files', 'latest', big, '--apply', '--json']);
    assert.equal(again.code, 0, again.err);
    assert.equal(fs.statSync(big).size, 64 * 1024 * 1024);
    const left = fs.readdirSync(album).filter((n) => n.startsWith('.backbeat-restore-'));
    assert.deepEqual(left, [], "the killed run's staging folder was swept");
    assert.equal(
      fs.readFileSync((JSON.parse(again.out) as RestoreFilesResult).movedAside[0]!.movedTo, 'utf8'),
      'the current file',
    );
  } finally {
    w.cleanup();
  }
});

test('crosscheck from the command line: in order (exit 0), then problems listed (exit 1)', async (t) => {
  const restic = await resticOrSkip(t);
  if (!restic) return;
  const w = makeWorld('cli-crosscheck', 3, 2000);
  const run = runner(w, restic.path);
  try {
    assert.equal((await run(['crosscheck', 'extra'])).code, 2);
    assert.equal((await run(['repo', 'init', '--repo', w.repo])).code, 0);
    assert.equal((await run(['snapshot', '--name', 'one'])).code, 0);
    const fine = await run(['crosscheck']);
    assert.equal(fine.code, 0, fine.err);
    assert.match(
      fine.out,
      /^3 tracks and 3 audio files in the folders, against snapshot \w+\.\nEverything is in order\.\n$/,
    );

    const f0 = path.join(w.music, w.files[0]!);
    fs.rmSync(f0);
    fs.writeFileSync(path.join(w.music, 'extra.mp3'), 'x');
    const json = await run(['crosscheck', '--json']);
    assert.equal(json.code, 1, json.err);
    const doc = JSON.parse(json.out) as CrosscheckResult;
    for (const key of ['missing', 'unreferenced', 'changed'] as const)
      assert.ok(Array.isArray(doc[key]), key);
    assert.deepEqual(
      doc.missing.map((m) => [m.path, m.trackId, m.snapshot?.name]),
      [[f0, 't-0', 'one']],
    );
    assert.deepEqual(doc.unreferenced, [{ path: path.join(w.music, 'extra.mp3'), size: 1 }]);
    const human = await run(['crosscheck']);
    assert.equal(human.code, 1);
    assert.match(
      human.out,
      /Missing \(1\):\n {2}.*track 0\.mp3 \(track t-0\): in snapshot (\w+); restore with: backbeat restore-files \1 --track t-0 --apply/,
    );
    assert.match(human.out, /Audio files no track refers to \(1\):\n {2}.*extra\.mp3 \(1 B\)/);
    const wrong = await run(['crosscheck', '--password-file', wrongPasswordFile(w)]);
    assert.equal(wrong.code, 1);
    assert.match(wrong.err, /Wrong password/);
  } finally {
    w.cleanup();
  }
});

test('export from the command line: .tar.gz and .zip with their hash files; bad input', async (t) => {
  const restic = await resticOrSkip(t);
  if (!restic) return;
  const w = makeWorld('cli-export', 2, 5000);
  const run = runner(w, restic.path);
  try {
    assert.equal((await run(['repo', 'init', '--repo', w.repo])).code, 0);
    assert.equal((await run(['snapshot', '--name', 'one'])).code, 0);
    const out = path.join(w.dir, 'exports');
    fs.mkdirSync(out);
    for (const [argv, message] of [
      [['export', 'one'], /export needs --out FILE/],
      [
        ['export', 'one', '--out', path.join(out, 'a.rar')],
        /--out must end in \.tar\.gz, \.tgz or \.zip, not "a\.rar"/,
      ],
      [['export', 'one', '/a', '/b', '--out', path.join(out, 'a.zip')], /Unexpected argument "\/b"/],
    ] as [string[], RegExp][]) {
      const r = await run(argv);
      assert.equal(r.code, 2, `${argv.join(' ')}: ${r.err}`);
      assert.match(r.err, message);
    }
    const tgz = await run(['export', 'one', '--out', path.join(out, 'one.tar.gz'), '--json']);
    assert.equal(tgz.code, 0, tgz.err);
    const doc = JSON.parse(tgz.out) as ExportResult;
    assert.equal(doc.sha256File, path.join(out, 'one.tar.gz.sha256'));
    execFileSync('sha256sum', ['-c', 'one.tar.gz.sha256'], { cwd: out, stdio: 'pipe' });
    const f0 = path.join(w.music, w.files[0]!);
    assert.deepEqual(execFileSync('tar', ['xzOf', doc.file, f0.slice(1)]), fs.readFileSync(f0));

    const zip = await run(['export', 'latest', w.music, '--out', path.join(out, 'music.zip')]);
    assert.equal(zip.code, 0, zip.err);
    assert.match(
      zip.out,
      /^Exported .*music of snapshot \w+ to .*music\.zip \(.*\)\.\nSHA-256 [0-9a-f]{64}, in .*music\.zip\.sha256\.\n$/,
    );
    execFileSync('unzip', ['-tq', path.join(out, 'music.zip')], { stdio: 'pipe' });
    execFileSync('sha256sum', ['-c', 'music.zip.sha256'], { cwd: out, stdio: 'pipe' });

    for (const [argv, message] of [
      [['export', 'one', '--out', path.join(out, 'one.tar.gz')], /already exists/],
      [['export', 'nope', '--out', path.join(out, 'x.zip')], /No snapshot of this library matches "nope"/],
      [['export', 'one', path.join(w.music, 'nope'), '--out', path.join(out, 'x.zip')], /is not in snapshot/],
      [
        ['export', 'one', '--out', path.join(out, 'x.zip'), '--password-file', wrongPasswordFile(w)],
        /Wrong password/,
      ],
    ] as [string[], RegExp][]) {
      const r = await run(argv);
      assert.equal(r.code, 1, `${argv.join(' ')}: ${r.err}`);
      assert.match(r.err, message);
    }
    assert.deepEqual(fs.readdirSync(out).sort(), [
      'music.zip',
      'music.zip.sha256',
      'one.tar.gz',
      'one.tar.gz.sha256',
    ]);
  } finally {
    w.cleanup();
  }
});
