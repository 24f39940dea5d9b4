// Faults against a real restic, each with a clear error and nothing lost: wrong
// password, missing repository, a folder that disappeared, an unreadable file (a
// partial snapshot, named), a stale lock from a killed restic, kill -9 of a snapshot,
// cancelling a snapshot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { rejectsWith } from '../../test/fixtures/backup-helpers';
import { initRepository, listSnapshotsOperation, snapshotOperation, type RepoScope } from '../operations';
import { checkPasswordFile } from '../repo-password';
import type { ResticBinary } from '../restic-discovery';
import { runResticSerialized } from '../restic-runner';
import { audioBytes, makeWorld, quiet, resticOrSkip, type RepoWorld } from './repo-fixtures';
import { killResticWhen } from './restic-kill';

async function check(restic: ResticBinary, w: RepoWorld): Promise<void> {
  await runResticSerialized({ restic, repo: w.repo, password: checkPasswordFile(w.passwordFile) }, ['check']);
}

test('wrong password and missing repository: clear errors, nothing saved', async (t) => {
  if (!(await resticOrSkip(t))) return;
  const w = makeWorld('repo-password-fault', 2);
  try {
    await initRepository({ ...w.scope, repo: w.repo });
    const wrongFile = path.join(w.dir, 'wrong');
    fs.writeFileSync(wrongFile, 'not the password\n', { mode: 0o600 });
    const wrong: RepoScope = { ...w.scope, password: () => Promise.resolve(checkPasswordFile(wrongFile)) };
    const err = await rejectsWith(
      snapshotOperation(wrong, { trigger: 'manual', ctx: quiet() }),
      'bad-arguments',
      /Wrong password/,
    );
    assert.doesNotMatch(err.message, /not the password|correct horse/);
    await rejectsWith(listSnapshotsOperation(wrong), 'bad-arguments', /Wrong password/);
    // A wrong password never adopts a repository for another library.
    await rejectsWith(initRepository({ ...wrong, repo: w.repo }), 'bad-arguments', /Wrong password/);

    const gone = { ...w.scope, repo: path.join(w.dir, 'unplugged-disk', 'repo') };
    await rejectsWith(
      snapshotOperation(gone, { trigger: 'manual', ctx: quiet() }),
      'not-found',
      /no restic repository at .*unplugged-disk/,
    );
    assert.equal((await listSnapshotsOperation(w.scope)).length, 0);
  } finally {
    w.cleanup();
  }
});

test('a folder that disappeared (drive unplugged): no snapshot, the error names it', async (t) => {
  if (!(await resticOrSkip(t))) return;
  const w = makeWorld('repo-unplugged', 2);
  try {
    await initRepository({ ...w.scope, repo: w.repo });
    await snapshotOperation(w.scope, { trigger: 'manual', ctx: quiet() });
    fs.renameSync(w.music, `${w.music}-elsewhere`);
    await rejectsWith(
      snapshotOperation(w.scope, { trigger: 'manual', ctx: quiet() }),
      'not-found',
      new RegExp(
        `audio folders are missing: ${w.music.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*No snapshot was made`,
      ),
    );
    assert.equal((await listSnapshotsOperation(w.scope)).length, 1);
  } finally {
    w.cleanup();
  }
});

test('an unreadable file makes a partial snapshot that names it', async (t) => {
  const restic = await resticOrSkip(t);
  if (!restic) return;
  const w = makeWorld('repo-unreadable', 3);
  try {
    let scope = w.scope;
    if (process.getuid?.() === 0) {
      // root reads everything; drop the capabilities that let it, for restic only.
      if (!fs.existsSync('/usr/bin/setpriv'))
        return t.skip('running as root without setpriv to drop read rights');
      const wrapper = path.join(w.dir, 'restic-unprivileged');
      fs.writeFileSync(
        wrapper,
        `#!/bin/sh\nexec /usr/bin/setpriv --bounding-set -dac_override,-dac_read_search ${JSON.stringify(restic.path)} "$@"\n`,
        { mode: 0o755 },
      );
      scope = { ...w.scope, env: { ...process.env, BACKBEAT_RESTIC: wrapper } };
    }
    await initRepository({ ...scope, repo: w.repo });
    const locked = path.join(w.music, w.files[1]!);
    fs.chmodSync(locked, 0o000);
    const result = await snapshotOperation(scope, { trigger: 'manual', ctx: quiet() });
    fs.chmodSync(locked, 0o644);
    assert.equal(result.status, 'partial');
    assert.equal(result.unreadable.length, 1);
    assert.equal(result.unreadable[0]!.path, locked);
    assert.match(result.unreadable[0]!.reason, /permission denied/);
    assert.ok(result.snapshot, 'the partial snapshot exists and is listed');
    assert.equal(result.filesNew, w.files.length); // the others and the database copy
  } finally {
    w.cleanup();
  }
});

test('kill -9 of a snapshot and a stale exclusive lock: the next snapshot works and check passes', async (t) => {
  const restic = await resticOrSkip(t);
  if (!restic) return;
  const w = makeWorld('repo-killed', 2);
  try {
    fs.writeFileSync(path.join(w.music, 'long.wav'), audioBytes(48 * 1024 * 1024));
    await initRepository({ ...w.scope, repo: w.repo });
    // A restic storing the folders, killed halfway.
    await killResticWhen(restic, w, ['backup', '--json', w.music], '"message_type":"status"');
    // A check holds an exclusive lock, which blocks every backup while it is there.
    await killResticWhen(restic, w, ['check', '--read-data'], 'create exclusive lock');
    assert.ok(fs.readdirSync(path.join(w.repo, 'locks')).length > 0, 'the killed restic left its lock');

    const result = await snapshotOperation(w.scope, { trigger: 'manual', ctx: quiet() });
    assert.equal(result.status, 'created');
    assert.equal(
      fs.readdirSync(path.join(w.repo, 'locks')).length,
      0,
      'restic unlock removed the stale lock',
    );
    await check(restic, w);
  } finally {
    w.cleanup();
  }
});

test('cancelling a snapshot stops restic: nothing is listed, the repository checks fine', async (t) => {
  const restic = await resticOrSkip(t);
  if (!restic) return;
  const w = makeWorld('repo-cancel', 2);
  try {
    fs.writeFileSync(path.join(w.music, 'long.wav'), audioBytes(48 * 1024 * 1024));
    await initRepository({ ...w.scope, repo: w.repo });
    const controller = new AbortController();
    await rejectsWith(
      snapshotOperation(w.scope, {
        trigger: 'manual',
        ctx: {
          signal: controller.signal,
          report: (u) => {
            if (u.phase === 'store') controller.abort();
          },
        },
      }),
      'cancelled',
    );
    assert.equal((await listSnapshotsOperation(w.scope)).length, 0);
    await check(restic, w);
  } finally {
    w.cleanup();
  }
});
