// The repository lock beside the library lock (lock.ts): a database job runs while a
// restic job holds the repository; a snapshot takes both, library first, and when the
// repository is busy it lets the library go at once; a dead holder's lock is taken over.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ContractError } from '../../../../shared/errors';
import {
  lockPathFor,
  repositoryLockPathFor,
  withLibraryAndRepositoryLocks,
  withLibraryLock,
  withRepositoryLock,
} from '../lock';
import { makeTempDir } from '../../test/fixtures/temp-dir';

function busyNaming(pattern: RegExp): (err: unknown) => boolean {
  return (err: unknown) => {
    assert.ok(err instanceof ContractError && err.code === 'busy', String(err));
    assert.match(err.message, pattern);
    return true;
  };
}

/** Holds `take` until the returned release is called; resolves once the lock is held. */
async function hold(
  take: (what: string, fn: () => Promise<void>) => Promise<void>,
  what: string,
): Promise<{ release: () => void; done: Promise<void> }> {
  let release!: () => void;
  let held!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const inside = new Promise<void>((r) => (held = r));
  const done = take(what, () => {
    held();
    return gate;
  });
  await inside;
  return { release, done };
}

test('a database job runs while the repository is held; a snapshot is refused and lets the library go', async () => {
  const tmp = makeTempDir('repo-lock');
  try {
    const lib = path.join(tmp.dir, 'library.db');
    const copy = await hold((what, fn) => withRepositoryLock(lib, what, fn), 'copies to destinations');
    assert.ok(fs.existsSync(repositoryLockPathFor(lib)));
    assert.notEqual(repositoryLockPathFor(lib), lockPathFor(lib));

    // The database backup takes the library lock only: not held back by the copy.
    assert.equal(await withLibraryLock(lib, 'a backup', async () => 'backed up'), 'backed up');

    // A snapshot needs both: refused, naming the copy, and the library is free again at once.
    await assert.rejects(
      withLibraryAndRepositoryLocks(lib, 'a snapshot', async () => 'ran'),
      busyNaming(
        /^Another Backbeat job \(copies to destinations, pid \d+, since .+\) is using this library's repository; wait for it or cancel it\.$/,
      ),
    );
    assert.equal(fs.existsSync(lockPathFor(lib)), false, 'the library lock was released');
    // Another restic job is refused too.
    await assert.rejects(
      withRepositoryLock(lib, 'forgetting old snapshots', async () => 'ran'),
      busyNaming(/copies/),
    );

    copy.release();
    await copy.done;
    assert.equal(fs.existsSync(repositoryLockPathFor(lib)), false);
    assert.equal(await withLibraryAndRepositoryLocks(lib, 'a snapshot', async () => 'snapshot'), 'snapshot');
  } finally {
    tmp.cleanup();
  }
});

test('a snapshot takes the library first: refused there, it never took the repository; held, it keeps both kinds of job out', async () => {
  const tmp = makeTempDir('repo-lock-order');
  try {
    const lib = path.join(tmp.dir, 'library.db');
    // A restore holds the library: the snapshot is refused before it looks at the
    // repository, so a copy may still start meanwhile (no lock is held while waiting).
    const restore = await hold((what, fn) => withLibraryLock(lib, what, fn), 'a restore');
    await assert.rejects(
      withLibraryAndRepositoryLocks(lib, 'a snapshot', async () => 'ran'),
      busyNaming(/\(a restore, .*\) is using this library;/),
    );
    assert.equal(fs.existsSync(repositoryLockPathFor(lib)), false, 'the repository was never taken');
    assert.equal(await withRepositoryLock(lib, 'copies to destinations', async () => 'copied'), 'copied');
    restore.release();
    await restore.done;

    // While a snapshot runs it holds both, under one owner tag.
    const snapshot = await hold((what, fn) => withLibraryAndRepositoryLocks(lib, what, fn), 'a snapshot');
    const library = JSON.parse(fs.readFileSync(lockPathFor(lib), 'utf8')) as { job: string; what: string };
    const repository = JSON.parse(fs.readFileSync(repositoryLockPathFor(lib), 'utf8')) as { job: string };
    assert.equal(library.what, 'a snapshot');
    assert.equal(repository.job, library.job);
    await assert.rejects(
      withLibraryLock(lib, 'a backup', async () => 'ran'),
      busyNaming(/a snapshot/),
    );
    await assert.rejects(
      withRepositoryLock(lib, 'copies to destinations', async () => 'ran'),
      busyNaming(/a snapshot/),
    );
    snapshot.release();
    await snapshot.done;
    assert.equal(fs.existsSync(lockPathFor(lib)), false);
    assert.equal(fs.existsSync(repositoryLockPathFor(lib)), false);
  } finally {
    tmp.cleanup();
  }
});

test('a repository lock left by a dead process on this host is taken over', async () => {
  const tmp = makeTempDir('repo-lock-stale');
  try {
    const lib = path.join(tmp.dir, 'library.db');
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    const stale = {
      pid: Number(child.stdout),
      hostname: os.hostname(),
      what: 'copies to destinations',
      since: '2020-01-01T00:00:00.000Z',
    };
    fs.writeFileSync(repositoryLockPathFor(lib), JSON.stringify(stale));
    const seen = await withLibraryAndRepositoryLocks(
      lib,
      'a snapshot',
      async () => JSON.parse(fs.readFileSync(repositoryLockPathFor(lib), 'utf8')) as { pid: number },
    );
    assert.equal(seen.pid, process.pid);
    assert.equal(fs.existsSync(repositoryLockPathFor(lib)), false);
  } finally {
    tmp.cleanup();
  }
});
