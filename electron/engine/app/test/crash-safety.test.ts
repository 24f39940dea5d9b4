// Crash and alias safety (issue 12 §2, issue 19): a library is one library whatever path
// reaches it, backup folders that cannot hold files are refused with the reason, a
// cancelled job ends even when its work is stuck, dead jobs' leftovers are told apart from
// live ones, and a damaged library names its file and the way out.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { ContractError } from '../../../../shared/errors';
import { checkBackupFolder } from '../../backup/backup-folder';
import { sweepBackupLeftovers } from '../../backup/backup-leftovers';
import { listBackups } from '../../backup/backup-store';
import { createDemoLibrary } from '../../demo/demo';
import { JobManager } from '../../runtime/jobs';
import { currentOwnerTag, runAsJob } from '../../fs/job-owner';
import { withLibraryLock } from '../../library/lock';
import { backupOperation } from '../use-cases/backup';
import { restoreOperation } from '../use-cases/restore';
import { silentContext } from '../../runtime/progress';
import { libraryFileKey } from '../../schedule/library-key';
import { sweepTempLeftovers } from '../../fs/temp-leftovers';
import { fakeId, fakeMeta, writeFakeBackup } from '../../test/fixtures/fake-backups';
import { makeTempDir } from '../../test/fixtures/temp-dir';

/** A pid that existed a moment ago and is certainly gone now. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(child.stdout);
}

/** This process's owner tag with another pid: a job of a process that has ended. */
function deadTag(): string {
  return currentOwnerTag().replace(/p\d+j/, `p${deadPid()}j`);
}

test('a symlink and its target are one library: one lock, one schedule key', async () => {
  const tmp = makeTempDir('alias-lock');
  try {
    const real = path.join(tmp.dir, 'real', 'library.db');
    fs.mkdirSync(path.dirname(real));
    fs.writeFileSync(real, '');
    const link = path.join(tmp.dir, 'link.db');
    fs.symlinkSync(real, link);
    assert.equal(libraryFileKey(link), libraryFileKey(real));
    let release!: () => void;
    const held = withLibraryLock(link, 'a backup', () => new Promise<void>((r) => (release = r)));
    await assert.rejects(
      withLibraryLock(real, 'a restore', async () => 'ran'),
      (e: unknown) => e instanceof ContractError && e.code === 'busy',
    );
    release();
    await held;
  } finally {
    tmp.cleanup();
  }
});

test('a backup folder that cannot hold files is refused with the reason', async () => {
  const tmp = makeTempDir('folder-check');
  try {
    const refused = async (dir: string, pattern: RegExp, code = 'io'): Promise<void> => {
      await assert.rejects(checkBackupFolder(dir), (e: unknown) => {
        assert.ok(e instanceof ContractError, String(e));
        assert.equal(e.code, code, e.message);
        assert.match(e.message, pattern);
        assert.doesNotMatch(e.message, /does not exist/);
        return true;
      });
    };
    if (process.platform === 'linux') {
      await refused('/proc/self/backups', /proc file system, which cannot hold files/);
      await refused('/sys/kernel/backups', /sysfs file system/);
    }
    const file = path.join(tmp.dir, 'a-file');
    fs.writeFileSync(file, 'x');
    await refused(file, /it is a file, not a folder/);
    await refused(path.join(file, 'below'), /part of the path is a file, not a folder/);
    await refused('relative/backups', /relative path; give its full path/, 'bad-arguments');
    await checkBackupFolder(path.join(tmp.dir, 'not', 'yet', 'made'));
  } finally {
    tmp.cleanup();
  }
});

test('a read-only mount is called read-only', async (t) => {
  const tmp = makeTempDir('folder-ro');
  try {
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', tmp.dir]);
    if (mounted.status !== 0) {
      t.skip('cannot mount a read-only file system here (needs root)');
      return;
    }
    try {
      await assert.rejects(checkBackupFolder(path.join(tmp.dir, 'backups')), /on a read-only disk/);
    } finally {
      spawnSync('umount', [tmp.dir]);
    }
  } finally {
    tmp.cleanup();
  }
});

test('a cancelled job whose work never returns still ends, as cancelled', async () => {
  const jobs = new JobManager({ cancelGraceMs: 50 });
  let started!: () => void;
  const running = new Promise<void>((r) => (started = r));
  const job = jobs.start('backup', 'Stuck', () => {
    started();
    return new Promise(() => undefined);
  });
  await running;
  assert.equal(jobs.cancel(job.id), true);
  const end = await jobs.wait(job.id);
  assert.equal(end.state, 'cancelled');
  assert.match(end.error ?? '', /stopped waiting/);
});

test("dead jobs' leftovers go at once whatever their age; live ones and foreign files stay", async () => {
  const tmp = makeTempDir('sweep');
  try {
    const dir = tmp.dir;
    const dead = deadTag();
    const [done, killedAfterRename, killedEarly, lone] = [1, 2, 3, 4].map((n) => fakeId(n));
    writeFakeBackup(dir, done!, fakeMeta(done!));
    // Killed between the data's rename and the metadata's: data plus a dead metadata temp file.
    writeFakeBackup(dir, killedAfterRename!, null);
    fs.writeFileSync(path.join(dir, `.tmp-${killedAfterRename}.${dead}.json.partial`), '{}');
    fs.writeFileSync(path.join(dir, `.tmp-${killedEarly}.${dead}.snapshot.partial`), 'x');
    fs.writeFileSync(path.join(dir, `.tmp-${killedEarly}.${dead}.db.gz.partial`), 'x');
    // A .db.gz without metadata and without any trace of a job: not ours to delete.
    writeFakeBackup(dir, lone!, null);
    await runAsJob(async () => {
      const live = path.join(dir, `.tmp-${fakeId(5)}.${currentOwnerTag()}.db.gz.partial`);
      fs.writeFileSync(live, 'x');
      const removed = await sweepBackupLeftovers(dir);
      assert.equal(removed.length, 4, removed.join(', '));
      assert.ok(fs.existsSync(live), 'a live job keeps its files');
    });
    assert.deepEqual(
      fs
        .readdirSync(dir)
        .filter((n) => !n.startsWith('.tmp-'))
        .sort(),
      [`${done}.db.gz`, `${done}.json`, `${lone}.db.gz`].sort(),
    );
    assert.deepEqual(
      (await listBackups(dir)).map((e) => e.id),
      [done],
      'a .db.gz without metadata is never listed',
    );

    const tempRoot = path.join(dir, 'tmp');
    fs.mkdirSync(tempRoot);
    fs.mkdirSync(path.join(tempRoot, `backbeat-backup-${dead}-abc`));
    fs.mkdirSync(path.join(tempRoot, `backbeat-backup-${currentOwnerTag()}-def`));
    fs.mkdirSync(path.join(tempRoot, 'backbeat-backup-untagged'));
    await sweepTempLeftovers(tempRoot);
    assert.deepEqual(fs.readdirSync(tempRoot).sort(), [
      `backbeat-backup-${currentOwnerTag()}-def`,
      'backbeat-backup-untagged',
    ]);
  } finally {
    tmp.cleanup();
  }
});

test('a damaged library names its file and advises a whole-database replace, which repairs it', async () => {
  const tmp = makeTempDir('damaged');
  try {
    const libraryPath = await createDemoLibrary(path.join(tmp.dir, 'lib'), { tracks: 400, seed: 3 });
    const backupDir = path.join(tmp.dir, 'backups');
    const good = await backupOperation({ libraryPath, backupDir, appVersion: 'test', ctx: silentContext() });
    const db = new Database(libraryPath);
    db.pragma('journal_mode = DELETE');
    const pageSize = Number(db.pragma('page_size', { simple: true }));
    const pages = Number(db.pragma('page_count', { simple: true }));
    db.close();
    const fd = fs.openSync(libraryPath, 'r+');
    for (let p = Math.floor(pages / 2); p < Math.floor(pages / 2) + 4; p++) {
      fs.writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, p * pageSize);
    }
    fs.closeSync(fd);
    await assert.rejects(
      backupOperation({ libraryPath, backupDir, appVersion: 'test', ctx: silentContext() }),
      (e: unknown) => {
        assert.ok(e instanceof ContractError, String(e));
        assert.equal(e.code, 'corrupt');
        assert.ok(e.message.includes(libraryPath), e.message);
        assert.match(e.message, /damaged.*--replace --apply/s);
        return true;
      },
    );
    const result = await restoreOperation({
      libraryPath,
      backupDir,
      id: good.id,
      mode: 'replace',
      appVersion: 'test',
      ctx: silentContext(),
    });
    assert.equal(result.restored, 400);
    const check = new Database(libraryPath, { readonly: true });
    assert.equal(check.pragma('integrity_check', { simple: true }), 'ok');
    check.close();
  } finally {
    tmp.cleanup();
  }
});
