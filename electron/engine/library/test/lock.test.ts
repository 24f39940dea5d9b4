// withLibraryLock: one job per library; a dead holder's lock is taken over.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ContractError } from '../../../../shared/errors';
import { lockPathFor, withLibraryLock } from '../lock';
import { makeTempDir } from '../../test/fixtures/temp-dir';

function isBusy(err: unknown): boolean {
  return err instanceof ContractError && err.code === 'busy';
}

/** A pid that existed a moment ago and is certainly gone now. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(child.stdout);
}

test('two concurrent jobs on one library: the second is busy and names the first; the lock is released after', async () => {
  const tmp = makeTempDir('lock-busy');
  try {
    const lib = path.join(tmp.dir, 'library.db');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = withLibraryLock(lib, 'backup', () => gate.then(() => 'first done'));
    await assert.rejects(
      withLibraryLock(lib, 'restore', async () => 'second ran'),
      (err: unknown) => {
        assert.ok(isBusy(err));
        const message = (err as Error).message;
        assert.match(
          message,
          /Another Backbeat job \(backup, pid \d+, since .+\) is using this library; wait for it or cancel it\./,
        );
        assert.ok(message.includes(`pid ${process.pid}`));
        return true;
      },
    );
    const lockFile = JSON.parse(fs.readFileSync(lockPathFor(lib), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(Object.keys(lockFile).sort(), ['hostname', 'job', 'pid', 'since', 'what']);
    assert.match(String(lockFile.job), /^bb[0-9a-f]{6}p\d+j[0-9a-f]{8}$/);
    assert.equal(lockFile.what, 'backup');
    release();
    assert.equal(await first, 'first done');
    assert.equal(fs.existsSync(lockPathFor(lib)), false);
    // Free again: the next job may run.
    assert.equal(await withLibraryLock(lib, 'restore', async () => 'ran'), 'ran');
  } finally {
    tmp.cleanup();
  }
});

test('the lock is released when the job throws', async () => {
  const tmp = makeTempDir('lock-throw');
  try {
    const lib = path.join(tmp.dir, 'library.db');
    await assert.rejects(
      withLibraryLock(lib, 'backup', async () => Promise.reject(new Error('boom'))),
      /boom/,
    );
    assert.equal(fs.existsSync(lockPathFor(lib)), false);
  } finally {
    tmp.cleanup();
  }
});

test('a lock left by a dead process on this host is taken over', async () => {
  const tmp = makeTempDir('lock-stale');
  try {
    const lib = path.join(tmp.dir, 'library.db');
    const stale = {
      pid: deadPid(),
      hostname: os.hostname(),
      what: 'restore',
      since: '2020-01-01T00:00:00.000Z',
    };
    fs.writeFileSync(lockPathFor(lib), JSON.stringify(stale));
    const seen = await withLibraryLock(
      lib,
      'backup',
      async () => JSON.parse(fs.readFileSync(lockPathFor(lib), 'utf8')) as { pid: number },
    );
    assert.equal(seen.pid, process.pid);
    assert.equal(fs.existsSync(lockPathFor(lib)), false);
  } finally {
    tmp.cleanup();
  }
});

test('a garbage lock file is taken over once it is not brand new; a live one elsewhere is respected', async () => {
  const tmp = makeTempDir('lock-garbage');
  try {
    const lib = path.join(tmp.dir, 'library.db');
    const lockPath = lockPathFor(lib);
    fs.writeFileSync(lockPath, 'not json at all');
    // Brand new garbage may be a lock being written this instant: busy, not taken. Dated
    // ahead, so it is still brand new when the lock looks at it, however long a busy machine
    // takes to get there (the grace is 2 s; a stall that long took it over).
    const fresh = new Date(Date.now() + 10 * 60_000);
    fs.utimesSync(lockPath, fresh, fresh);
    await assert.rejects(
      withLibraryLock(lib, 'backup', async () => 'ran'),
      isBusy,
    );
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(lockPath, old, old);
    assert.equal(await withLibraryLock(lib, 'backup', async () => 'ran'), 'ran');

    // A holder on another host cannot be checked: respected.
    fs.writeFileSync(
      lockPath,
      JSON.stringify({ pid: 1, hostname: 'other-machine', what: 'restore', since: 'x' }),
    );
    await assert.rejects(
      withLibraryLock(lib, 'backup', async () => 'ran'),
      (err: unknown) => {
        return isBusy(err) && /on other-machine/.test((err as Error).message);
      },
    );
    assert.ok(fs.existsSync(lockPath), 'a live lock must not be removed by a refused job');
  } finally {
    tmp.cleanup();
  }
});

test('the lock is held across processes: a child process sees busy', async () => {
  const tmp = makeTempDir('lock-process');
  try {
    const lib = path.join(tmp.dir, 'library.db');
    const lockModule = path.join(__dirname, '..', 'lock.js');
    const script = `require(${JSON.stringify(lockModule)}).withLibraryLock(${JSON.stringify(lib)}, 'cli', async () => 'x')
      .then(() => process.stdout.write('ran'), (e) => process.stdout.write(e.code))`;
    const out = await withLibraryLock(
      lib,
      'app backup',
      async () => spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' }).stdout,
    );
    assert.equal(out, 'busy');
  } finally {
    tmp.cleanup();
  }
});
