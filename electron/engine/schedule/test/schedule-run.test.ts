// `backbeat schedule run` (what the OS timer calls), with the engine's backup, lock
// and store injected: due checks, state records, retention after success only,
// exit statuses, and two runs at once making one backup.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ContractError } from '../../../../shared/errors';
import type { ScheduleConfig } from '../../../../shared/schedule-types';
import type { BackupDeps } from '../backup-deps';
import { newScheduleConfig, writeScheduleConfig } from '../config-store';
import { FakeBackupFolder } from '../../test/fixtures/fake-backup-folder';
import { FakeClock } from '../../test/fixtures/fake-clock';
import { EXIT_BUSY, scheduledRun } from '../scheduled-run';
import { fileScheduleStateStore } from '../state-store';

const LIBRARY = '/music/library.db';

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'backbeat-run-'));
  try {
    await fn(dir);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** A lock like the real one: a second holder waits (`queue`) or is refused with `busy`. */
function fakeLock(mode: 'queue' | 'refuse'): BackupDeps['withLibraryLock'] {
  let tail: Promise<unknown> = Promise.resolve();
  let held = false;
  return async <T>(_library: string, what: string, fn: () => Promise<T>): Promise<T> => {
    if (mode === 'refuse' && held) throw new ContractError('busy', `The library is busy (${what}).`);
    const previous = tail;
    let release!: () => void;
    tail = new Promise<void>((r) => (release = r));
    await previous;
    held = true;
    try {
      return await fn();
    } finally {
      held = false;
      release();
    }
  };
}

function setup(clock: FakeClock, folder: FakeBackupFolder, lock: BackupDeps['withLibraryLock']) {
  const calls = { created: 0 };
  const deps: Partial<BackupDeps> = {
    createBackup: async (options) => {
      assert.equal(options.trigger, 'scheduled');
      calls.created++;
      await new Promise((r) => setImmediate(r)); // let a concurrent run reach the lock
      return folder.add({ createdAt: clock.now(), compressedBytes: 777 });
    },
    withLibraryLock: lock,
    listBackups: folder.list,
    deleteBackup: folder.remove,
    defaultBackupDir: () => '/music/backbeat-backups',
  };
  return { deps, calls };
}

test('not configured: exit 2 with a pointer to `schedule set`', async () => {
  await withTempDir(async (stateDir) => {
    const result = await scheduledRun({ libraryPath: LIBRARY, stateDir, appVersion: '1.0.0' });
    assert.equal(result.outcome, 'not-configured');
    assert.equal(result.exitCode, 2);
    assert.match(result.message, /schedule set/);
  });
});

test('due: backs up, records the run, applies retention; then not due until the next slot', async () => {
  await withTempDir(async (stateDir) => {
    const clock = new FakeClock(new Date(2024, 4, 10, 3, 0));
    const folder = new FakeBackupFolder();
    for (let d = 1; d <= 9; d++) folder.add({ id: `old${d}`, createdAt: new Date(2024, 4, d, 3, 0) });
    const config: ScheduleConfig = {
      ...newScheduleConfig(LIBRARY, { kind: 'daily', time: '03:00' }),
      retention: { keepLast: 5 },
    };
    await writeScheduleConfig(stateDir, config);
    const { deps, calls } = setup(clock, folder, fakeLock('queue'));

    const first = await scheduledRun({ libraryPath: LIBRARY, stateDir, appVersion: '1.0.0', clock, deps });
    assert.equal(first.outcome, 'backed-up', first.message);
    assert.equal(first.exitCode, 0);
    assert.equal(calls.created, 1);
    assert.equal(folder.size, 5, 'retention pruned to keep-last 5');
    assert.equal(first.retention?.removed.length, 5);
    const state = await fileScheduleStateStore(stateDir, LIBRARY).read();
    assert.equal(state.lastRun?.status, 'succeeded');
    assert.equal(state.lastRun?.reason, 'os-timer');
    assert.equal(state.lastRun?.sizeBytes, 777);
    assert.equal(state.lastRun?.backupId, first.meta?.id);
    assert.deepEqual(state.lastRetention?.removed.sort(), ['old1', 'old2', 'old3', 'old4', 'old5']);

    await clock.advance(12 * 3_600_000);
    const second = await scheduledRun({ libraryPath: LIBRARY, stateDir, appVersion: '1.0.0', clock, deps });
    assert.equal(second.outcome, 'not-due');
    assert.equal(second.exitCode, 0);
    assert.equal(calls.created, 1);

    const forced = await scheduledRun({
      libraryPath: LIBRARY,
      stateDir,
      appVersion: '1.0.0',
      clock,
      deps,
      force: true,
    });
    assert.equal(forced.outcome, 'backed-up');
    assert.equal(calls.created, 2);
  });
});

test('a failed backup: exit 1, recorded loudly, and no retention', async () => {
  await withTempDir(async (stateDir) => {
    const clock = new FakeClock(new Date(2024, 4, 10, 3, 0));
    const folder = new FakeBackupFolder();
    for (let d = 1; d <= 9; d++) folder.add({ createdAt: new Date(2024, 3, d) });
    const config = {
      ...newScheduleConfig(LIBRARY, { kind: 'daily', time: '03:00' }),
      retention: { keepLast: 1 },
    };
    const { deps } = setup(clock, folder, fakeLock('queue'));
    deps.createBackup = async () => {
      throw new Error('No space left on device.');
    };
    const result = await scheduledRun({
      libraryPath: LIBRARY,
      stateDir,
      appVersion: '1.0.0',
      clock,
      deps,
      config,
    });
    assert.equal(result.outcome, 'failed');
    assert.equal(result.exitCode, 1);
    assert.match(result.message, /No space left on device/);
    assert.equal(folder.size, 9, 'nothing pruned after a failure');
    const state = await fileScheduleStateStore(stateDir, LIBRARY).read();
    assert.equal(state.lastRun?.status, 'failed');
    assert.equal(state.lastRun?.error, 'No space left on device.');
    assert.equal(state.lastRetention, null);
  });
});

test('after a failed backup the 15-minute copy firings do not retry it; the firing an hour later does', async () => {
  await withTempDir(async (stateDir) => {
    const clock = new FakeClock(new Date(2024, 4, 10, 3, 0));
    const folder = new FakeBackupFolder();
    folder.add({ createdAt: new Date(2024, 4, 9, 3, 0) });
    const config = newScheduleConfig(LIBRARY, { kind: 'daily', time: '03:00' });
    const { deps, calls } = setup(clock, folder, fakeLock('queue'));
    const create = deps.createBackup!;
    let failing = true;
    deps.createBackup = async (options) => {
      if (failing) throw new Error('The backup disk is not plugged in.');
      return create(options);
    };
    const run = () =>
      scheduledRun({ libraryPath: LIBRARY, stateDir, appVersion: '1.0.0', clock, deps, config });
    assert.equal((await run()).outcome, 'failed');
    failing = false;
    for (let quarter = 1; quarter < 4; quarter++) {
      await clock.advance(15 * 60_000);
      const waiting = await run();
      assert.equal(waiting.outcome, 'not-due', `${quarter * 15} min after the failure`);
      assert.match(waiting.message, /^The last scheduled backup failed at .+; it is tried again from .+\.$/);
    }
    await clock.advance(15 * 60_000);
    assert.equal((await run()).outcome, 'backed-up', 'an hour after the failure');
    assert.equal(calls.created, 1);
  });
});

test('two runs at once make one backup (the second waits for the lock, then finds it done)', async () => {
  await withTempDir(async (stateDir) => {
    const clock = new FakeClock(new Date(2024, 4, 10, 3, 0));
    const folder = new FakeBackupFolder();
    const config = newScheduleConfig(LIBRARY, { kind: 'interval', hours: 6 });
    const { deps, calls } = setup(clock, folder, fakeLock('queue'));
    const options = { libraryPath: LIBRARY, stateDir, appVersion: '1.0.0', clock, deps, config };
    const [a, b] = await Promise.all([scheduledRun(options), scheduledRun(options)]);
    assert.equal(calls.created, 1);
    assert.deepEqual([a.outcome, b.outcome].sort(), ['backed-up', 'not-due']);
  });
});

test('two runs at once, lock refused: one backup, the other exits busy (75)', async () => {
  await withTempDir(async (stateDir) => {
    const clock = new FakeClock(new Date(2024, 4, 10, 3, 0));
    const folder = new FakeBackupFolder();
    const config = newScheduleConfig(LIBRARY, { kind: 'interval', hours: 6 });
    const { deps, calls } = setup(clock, folder, fakeLock('refuse'));
    const options = { libraryPath: LIBRARY, stateDir, appVersion: '1.0.0', clock, deps, config };
    const results = await Promise.all([scheduledRun(options), scheduledRun(options)]);
    assert.equal(calls.created, 1);
    assert.deepEqual(results.map((r) => r.exitCode).sort(), [0, EXIT_BUSY]);
  });
});

test('disabled: nothing to do unless forced', async () => {
  await withTempDir(async (stateDir) => {
    const clock = new FakeClock(new Date(2024, 4, 10, 3, 0));
    const folder = new FakeBackupFolder();
    const config = { ...newScheduleConfig(LIBRARY, { kind: 'daily', time: '03:00' }), enabled: false };
    const { deps, calls } = setup(clock, folder, fakeLock('queue'));
    const result = await scheduledRun({
      libraryPath: LIBRARY,
      stateDir,
      appVersion: '1',
      clock,
      deps,
      config,
    });
    assert.equal(result.outcome, 'disabled');
    assert.equal(calls.created, 0);
  });
});
