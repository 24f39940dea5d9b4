// A schedule's scope: "database only" is the default and what files saved before
// scopes mean; a due "database and audio" schedule makes one database backup and one
// repository snapshot (real restic); without a repository the backup is still made
// and the snapshot's failure is recorded and shown by health, never silent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { scheduleConfigSchema, scheduleStateSchema } from '../../../../shared/schedule-types';
import { defaultBackupDir, listBackups } from '../../backup/backup-store';
import { snapshotHealth } from '../../health/snapshot-health';
import { initRepository, listSnapshotsOperation } from '../../repository/operations';
import { makeWorld, resticOrSkip } from '../../repository/test/repo-fixtures';
import { FakeClock } from '../../test/fixtures/fake-clock';
import { makeTempDir } from '../../test/fixtures/temp-dir';
import {
  newScheduleConfig,
  readScheduleConfig,
  scheduleConfigPath,
  writeScheduleConfig,
} from '../config-store';
import { scheduledRunWithSnapshot } from '../scheduled-run-all';
import { scheduleScopeOf } from '../scheduled-snapshot';
import { fileScheduleStateStore, scheduleStatePath } from '../state-store';

/** A schedule file as Backbeat wrote it before scopes existed. */
const OLD_CONFIG = {
  formatVersion: 1,
  libraryPath: '/music/library.db',
  enabled: true,
  schedule: { kind: 'daily', time: '03:00' },
  retention: { daily: 7, weekly: 4 },
  backupDir: null,
  progressTiers: null,
  warnAfterHours: null,
  notifyOnSuccess: false,
};

test('an old schedule file (no scope) still loads, as "database only"', async () => {
  const tmp = makeTempDir('scope-old');
  try {
    fs.mkdirSync(tmp.dir, { recursive: true });
    fs.writeFileSync(scheduleConfigPath(tmp.dir, OLD_CONFIG.libraryPath), JSON.stringify(OLD_CONFIG));
    const config = await readScheduleConfig(tmp.dir, OLD_CONFIG.libraryPath);
    assert.ok(config);
    assert.equal(config.scope, undefined);
    assert.equal(scheduleScopeOf(config), 'database');
    assert.equal(scheduleScopeOf(null), 'database');
    // An old state file (no lastSnapshot) too.
    const oldState = {
      formatVersion: 1,
      libraryPath: OLD_CONFIG.libraryPath,
      lastRun: null,
      lastSuccess: null,
      lastRetention: null,
    };
    fs.writeFileSync(scheduleStatePath(tmp.dir, OLD_CONFIG.libraryPath), JSON.stringify(oldState));
    assert.ok(scheduleStateSchema.safeParse(oldState).success);
    const state = await fileScheduleStateStore(tmp.dir, OLD_CONFIG.libraryPath).read();
    assert.equal(state.lastRun, null);
    // A new one round-trips its scope; a made-up scope is refused.
    await writeScheduleConfig(tmp.dir, { ...config, scope: 'database-and-audio' });
    assert.equal((await readScheduleConfig(tmp.dir, OLD_CONFIG.libraryPath))?.scope, 'database-and-audio');
    assert.equal(scheduleConfigSchema.safeParse({ ...OLD_CONFIG, scope: 'everything' }).success, false);
  } finally {
    tmp.cleanup();
  }
});

test('a due "database and audio" schedule makes one backup and one snapshot', async (t) => {
  const restic = await resticOrSkip(t);
  if (!restic) return;
  const w = makeWorld('scope-all', 3, 16 * 1024);
  try {
    await initRepository({ ...w.scope, repo: w.repo });
    const stateDir = path.join(w.dataDir, 'schedules');
    // Backups carry the real time they were made, so the simulated day starts now.
    const clock = new FakeClock(new Date());
    const config = {
      ...newScheduleConfig(w.libraryPath, { kind: 'interval' as const, hours: 24 }),
      scope: 'database-and-audio' as const,
    };
    await writeScheduleConfig(stateDir, config);
    const run = () =>
      scheduledRunWithSnapshot({
        libraryPath: w.libraryPath,
        stateDir,
        appVersion: 'test',
        clock,
        repoScope: w.scope,
      });

    const first = await run();
    assert.equal(first.outcome, 'backed-up', first.message);
    assert.equal(first.exitCode, 0);
    const backups = await listBackups(defaultBackupDir(w.libraryPath));
    assert.equal(backups.length, 1);
    assert.equal(backups[0]!.trigger, 'scheduled');
    const snapshots = await listSnapshotsOperation(w.scope);
    assert.equal(snapshots.length, 1);
    assert.equal(snapshots[0]!.trigger, 'scheduled');
    const state = await fileScheduleStateStore(stateDir, w.libraryPath).read();
    assert.equal(state.lastSnapshot?.status, 'created');
    assert.equal(state.lastSnapshot?.snapshotId, snapshots[0]!.id);
    assert.equal(
      snapshotHealth('database-and-audio', state.lastSnapshot ?? null, null, clock.now())?.level,
      'ok',
    );

    // An hour later nothing is due: no second backup, no second snapshot.
    await clock.advance(60 * 60 * 1000);
    const second = await run();
    assert.equal(second.outcome, 'not-due');
    assert.equal((await listBackups(defaultBackupDir(w.libraryPath))).length, 1);
    assert.equal((await listSnapshotsOperation(w.scope)).length, 1);

    // "database only" makes no snapshot.
    await writeScheduleConfig(stateDir, { ...config, scope: 'database' });
    await clock.advance(24 * 60 * 60 * 1000);
    const third = await run();
    assert.equal(third.outcome, 'backed-up');
    assert.equal(third.snapshot, null);
    assert.equal((await listBackups(defaultBackupDir(w.libraryPath))).length, 2);
    assert.equal((await listSnapshotsOperation(w.scope)).length, 1);
  } finally {
    w.cleanup();
  }
});

test('without a repository the database backup is made and the snapshot failure is said', async () => {
  const w = makeWorld('scope-norepo', 2, 4 * 1024);
  try {
    const stateDir = path.join(w.dataDir, 'schedules');
    const clock = new FakeClock(new Date('2026-03-02T04:00:00Z'));
    await writeScheduleConfig(stateDir, {
      ...newScheduleConfig(w.libraryPath, { kind: 'daily', time: '03:00' }),
      scope: 'database-and-audio',
    });
    const result = await scheduledRunWithSnapshot({
      libraryPath: w.libraryPath,
      stateDir,
      appVersion: 'test',
      clock,
      repoScope: w.scope,
    });
    assert.equal(result.exitCode, 1);
    assert.equal(result.outcome, 'failed');
    assert.equal(
      (await listBackups(defaultBackupDir(w.libraryPath))).length,
      1,
      'the database backup stands',
    );
    assert.match(
      result.message,
      /The audio snapshot failed: This library has no repository yet\. Create one/,
    );
    const state = await fileScheduleStateStore(stateDir, w.libraryPath).read();
    assert.equal(state.lastRun?.status, 'succeeded');
    assert.equal(state.lastSnapshot?.status, 'failed');
    const health = snapshotHealth('database-and-audio', state.lastSnapshot ?? null, null, clock.now());
    assert.equal(health?.level, 'error');
    assert.match(health?.text ?? '', /audio snapshot failed: This library has no repository yet/);
  } finally {
    w.cleanup();
  }
});
