// createLibraryScheduler: the Scheduler wired to the engine (backup under the library
// lock, retention after success, run records on disk), with the engine parts injected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BackupTrigger } from '../../../../shared/types';
import type { BackupDeps } from '../backup-deps';
import { FakeBackupFolder } from '../../test/fixtures/fake-backup-folder';
import { FakeClock } from '../../test/fixtures/fake-clock';
import { createLibraryScheduler } from '../library-scheduler';
import { fileScheduleStateStore } from '../state-store';

const LIBRARY = '/music/library.db';

test('start backs up under the lock with trigger "scheduled", prunes, and records the run', async () => {
  const stateDir = await fs.mkdtemp(path.join(os.tmpdir(), 'backbeat-libsched-'));
  try {
    const clock = new FakeClock(new Date(2024, 4, 10, 12, 0));
    const folder = new FakeBackupFolder();
    for (let d = 1; d <= 6; d++) folder.add({ createdAt: new Date(2024, 3, d) });
    const triggers: BackupTrigger[] = [];
    const locks: string[] = [];
    let held = false;
    const deps: Partial<BackupDeps> = {
      withLibraryLock: async (library, what, fn) => {
        assert.equal(held, false, 'the lock is never taken twice at once');
        locks.push(`${library}: ${what}`);
        held = true;
        try {
          return await fn();
        } finally {
          held = false;
        }
      },
      createBackup: async (options) => {
        assert.equal(held, true, 'backups are made holding the lock');
        assert.equal(options.backupDir, '/backups');
        triggers.push(options.trigger);
        return folder.add({ createdAt: clock.now() });
      },
      listBackups: folder.list,
      deleteBackup: folder.remove,
    };
    const scheduler = createLibraryScheduler({
      libraryPath: LIBRARY,
      backupDir: '/backups',
      stateDir,
      appVersion: '1.0.0',
      schedule: { kind: 'daily', time: '03:00' },
      retention: { keepLast: 4 },
      clock,
      timers: clock,
      deps,
    });
    const first = await scheduler.start();
    assert.equal(first?.status, 'succeeded');
    assert.deepEqual(triggers, ['scheduled']);
    assert.equal(folder.size, 4, 'keep-last 4 applied after the backup');
    assert.deepEqual(first?.retention?.removed.length, 3);
    assert.deepEqual(locks, [`${LIBRARY}: scheduled backup`, `${LIBRARY}: pruning old backups`]);
    const state = await fileScheduleStateStore(stateDir, LIBRARY).read();
    assert.equal(state.lastRun?.backupId, first?.meta?.id);
    assert.equal(state.lastRetention?.removed.length, 3);

    await scheduler.backUpNow();
    assert.deepEqual(triggers, ['scheduled', 'manual']);
    scheduler.stop();
  } finally {
    await fs.rm(stateDir, { recursive: true, force: true });
  }
});
