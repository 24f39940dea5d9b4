// The repository commands in-process through main(), against a real restic: repo
// init, folders, snapshot (created, unchanged, partial by name), snapshots, with
// --json documents, human text, exit codes and password rules.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { RepoSnapshotEntry, RepositoryView, SnapshotResult } from '../../../shared/repository-types';
import { makeWorld, resticOrSkip } from '../../engine/repository/test/repo-fixtures';
import { main } from '../main';
import { fakeIo } from './fake-io';

test('repo init, folders, snapshot and snapshots from the command line', async (t) => {
  const restic = await resticOrSkip(t);
  if (!restic) return;
  const w = makeWorld('cli-repo', 4);
  const env = {
    BACKBEAT_LIBRARY: w.libraryPath,
    BACKBEAT_RESTIC: restic.path,
    BACKBEAT_REPO_PASSWORD_FILE: w.passwordFile,
    PATH: process.env.PATH ?? '',
  };
  const run = async (argv: string[], extraEnv: NodeJS.ProcessEnv = {}, tty = false) => {
    const io = fakeIo({ env: { ...env, ...extraEnv }, tty, answers: ['pw-typed', 'pw-typed'] });
    const code = await main([...argv, '--data-dir', w.dataDir], io);
    return { code, out: io.out, err: io.err, questions: io.questions };
  };
  try {
    // Usage errors: exit 2.
    assert.equal((await run(['repo', 'create'])).code, 2);
    assert.equal((await run(['folders', 'list', '--exclude', '*.tmp'])).code, 2);
    assert.equal((await run(['snapshot', '--name', 'latest'])).code, 2);

    // No repository yet: exit 1 with the JSON error document.
    const none = await run(['snapshots', '--json']);
    assert.equal(none.code, 1);
    assert.match((JSON.parse(none.out) as { error: { message: string } }).error.message, /no repository yet/);

    const init = await run(['repo', 'init', '--repo', w.repo, '--json']);
    assert.equal(init.code, 0, init.err);
    assert.deepEqual(JSON.parse(init.out), { repo: w.repo, id: JSON.parse(init.out).id, created: true });
    assert.ok(fs.existsSync(path.join(w.repo, 'config')));

    const proposed = JSON.parse((await run(['folders', '--json'])).out) as RepositoryView;
    assert.equal(proposed.foldersProposed, true);
    assert.deepEqual(proposed.folders, [{ path: w.music, excludes: [], present: true }]);
    const added = await run(['folders', 'add', w.music, '--exclude', '*.tmp', '--exclude', 'Podcasts/']);
    assert.equal(added.code, 0, added.err);
    assert.match(added.out, /excludes: \*\.tmp, Podcasts\//);

    const first = await run(['snapshot', '--name', 'one', '--json']);
    assert.equal(first.code, 0, first.err);
    const r1 = JSON.parse(first.out) as SnapshotResult;
    assert.equal(r1.status, 'created');
    assert.equal(r1.snapshot?.name, 'one');
    const again = await run(['snapshot']);
    assert.equal(again.code, 0, again.err);
    assert.match(again.out, /Nothing changed since snapshot \w+ \("one"\); no new snapshot was made/);

    fs.writeFileSync(path.join(w.music, 'new.mp3'), 'x'.repeat(5000));
    const second = await run(['snapshot']);
    assert.equal(second.code, 0, second.err);
    assert.match(second.out, /^Snapshot \w+: 1 new, 0 changed, \d+ unchanged files; .* added/);

    const list = JSON.parse((await run(['snapshots', '--json'])).out) as RepoSnapshotEntry[];
    assert.equal(list.length, 2);
    for (const s of list) {
      for (const key of ['id', 'time', 'name', 'trigger', 'filesNew', 'filesChanged', 'dataAdded']) {
        assert.ok(key in s, `snapshots JSON has ${key}`);
      }
    }
    assert.deepEqual(
      list.map((s) => [s.name, s.trigger, s.filesNew]),
      [
        ['one', 'manual', 5],
        [null, 'manual', 1],
      ],
    );
    const diff = await run(['diff', 'one', 'latest', '--json']);
    assert.equal(diff.code, 0, diff.err);
    assert.deepEqual(JSON.parse(diff.out).added, [{ path: path.join(w.music, 'new.mp3'), size: 5000 }]);
    const files = await run(['files', 'latest', w.music]);
    assert.equal(files.code, 0, files.err);
    assert.match(files.out, /file\s+5\.0 KB\s+.*new\.mp3/);
    assert.equal((await run(['diff', 'one'])).code, 2);
    const human = await run(['snapshots']);
    assert.match(human.out, /ID\s+NAME\s+TIME\s+TRIGGER\s+NEW\s+CHANGED\s+ADDED/);

    // A password file others can read is refused; the password never shows.
    const loose = path.join(w.dir, 'loose-pw');
    fs.writeFileSync(loose, 'correct horse battery staple\n');
    fs.chmodSync(loose, 0o644);
    const refused = await run(['snapshots', '--password-file', loose]);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /can be read by other users.*chmod 600/);
    assert.doesNotMatch(refused.err + refused.out, /horse/);
    // No password at all, without a terminal: a usage error that says how to give one.
    const noPw = await run(['snapshots'], { BACKBEAT_REPO_PASSWORD_FILE: '' });
    assert.equal(noPw.code, 2);
    assert.match(
      noPw.err,
      /No repository password: pass --password-file FILE or set BACKBEAT_REPO_PASSWORD_FILE/,
    );
    // On a terminal the password is asked for; a wrong one is exit 1, named as such.
    const typed = await run(['snapshots'], { BACKBEAT_REPO_PASSWORD_FILE: '' }, true);
    assert.equal(typed.code, 1);
    assert.deepEqual(typed.questions, ['Repository password: ']);
    assert.match(typed.err, /Wrong password/);
    assert.doesNotMatch(typed.err, /pw-typed/);

    // A folder gone (drive unplugged): exit 1, nothing stored.
    fs.renameSync(w.music, `${w.music}.away`);
    const gone = await run(['snapshot']);
    assert.equal(gone.code, 1);
    assert.match(gone.err, /audio folders are missing/);
    fs.renameSync(`${w.music}.away`, w.music);
    const removed = await run(['folders', 'remove', w.music, '--json']);
    assert.deepEqual((JSON.parse(removed.out) as RepositoryView).folders, []);
  } finally {
    w.cleanup();
  }
});
