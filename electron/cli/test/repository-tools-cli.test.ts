// The repository's tools in-process through main(), against a real restic: check,
// restore-files, crosscheck and export, with --json documents, human text, exit codes
// and bad input (each a sentence, never a stack).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { RepoCheckResult } from '../../../shared/repository-tools-types';
import { makeWorld, resticOrSkip, type RepoWorld } from '../../engine/repository/test/repo-fixtures';
import { main } from '../main';
import { fakeIo } from './fake-io';

function runner(w: RepoWorld, resticPath: string) {
  const env = {
    BACKBEAT_LIBRARY: w.libraryPath,
    BACKBEAT_RESTIC: resticPath,
    BACKBEAT_REPO_PASSWORD_FILE: w.passwordFile,
    PATH: process.env.PATH ?? '',
  };
  return async (argv: string[], extraEnv: NodeJS.ProcessEnv = {}) => {
    const io = fakeIo({ env: { ...env, ...extraEnv } });
    const code = await main([...argv, '--data-dir', w.dataDir], io);
    return { code, out: io.out, err: io.err };
  };
}

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
