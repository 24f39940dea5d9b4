// The backup use case's one check (name, then library) and the one "lock, then back up"
// step it shares with the scheduled backups.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { backupUnderLock } from '../../backup/backup-under-lock';
import { silentContext } from '../../runtime/progress';
import { listDir, rejectsWith } from '../../test/fixtures/backup-helpers';
import { createNoTracksLibrary } from '../../test/fixtures/libraries';
import { makeTempDir } from '../../test/fixtures/temp-dir';
import { backupOperation, checkBackupRequest } from '../use-cases/backup';

describe('backupOperation', () => {
  it('refuses a bad name, then a file that is not a library, before it locks or writes anything', async () => {
    const tmp = makeTempDir('backup-use-case');
    try {
      const library = path.join(tmp.dir, 'library.db');
      createNoTracksLibrary(library);
      const notes = path.join(tmp.dir, 'notes.db');
      fs.writeFileSync(notes, 'not a database\n'.repeat(10));
      const backupDir = path.join(tmp.dir, 'backups');
      const run = (libraryPath: string, name?: string) =>
        backupOperation({
          libraryPath,
          backupDir,
          ...(name !== undefined ? { name } : {}),
          appVersion: 'test',
          ctx: silentContext(),
        });
      // The name is checked first: a bad one is refused whatever the library.
      await rejectsWith(run(notes, '../x'), 'bad-arguments', /cannot contain/);
      await rejectsWith(run(library, 'a/b'), 'bad-arguments');
      await rejectsWith(run(notes), 'not-sqlite', /is not a SQLite database/);
      await rejectsWith(run(path.join(tmp.dir, 'missing.db')), 'not-found', /No library database at/);
      // No backup folder, no lock file, no temp file.
      assert.deepEqual(listDir(tmp.dir), ['library.db', 'notes.db']);

      const meta = await run(library, 'fine');
      assert.equal(meta.name, 'fine');
    } finally {
      tmp.cleanup();
    }
  });

  it('takes an already checked request without checking the library again', async () => {
    const tmp = makeTempDir('backup-use-case-checked');
    try {
      const library = path.join(tmp.dir, 'library.db');
      createNoTracksLibrary(library);
      const checked = checkBackupRequest(library, 'named');
      assert.equal(checked.name, 'named');
      const meta = await backupOperation({
        libraryPath: library,
        backupDir: path.join(tmp.dir, 'backups'),
        checked,
        appVersion: 'test',
        ctx: silentContext(),
      });
      assert.equal(meta.name, 'named', 'the checked name is the one stored (none was passed besides)');
    } finally {
      tmp.cleanup();
    }
  });
});

describe('backupUnderLock', () => {
  function recordingLock(log: string[]) {
    return async <T>(libraryPath: string, what: string, fn: () => Promise<T>): Promise<T> => {
      log.push(`lock ${what}`);
      try {
        return await fn();
      } finally {
        log.push('unlock');
      }
    };
  }

  it('backs up under the lock', async () => {
    const log: string[] = [];
    const made = await backupUnderLock('/lib.db', async () => (log.push('make'), 'meta'), {
      lock: recordingLock(log),
    });
    assert.equal(made, 'meta');
    assert.deepEqual(log, ['lock a backup', 'make', 'unlock']);
  });

  it('asks again under the lock whether a scheduled backup is still owed', async () => {
    const log: string[] = [];
    const lock = recordingLock(log);
    const owed = async (answer: boolean) => (log.push('owed?'), answer);
    const make = async () => (log.push('make'), 'meta');
    assert.equal(await backupUnderLock('/lib.db', make, { lock, stillOwed: () => owed(false) }), null);
    assert.equal(await backupUnderLock('/lib.db', make, { lock, stillOwed: () => owed(true) }), 'meta');
    assert.deepEqual(log, [
      'lock scheduled backup',
      'owed?',
      'unlock',
      'lock scheduled backup',
      'owed?',
      'make',
      'unlock',
    ]);
  });
});
