// A first copy of a large library takes hours. It holds the repository lock only
// (library/lock.ts), so the user's Back up (a database backup, no restic) is made
// meanwhile; a snapshot needs the repository too and is refused busy, and a scheduled
// one is owed, not lost: the OS timer's next firing makes it once the copy is done.
// The copy is held inside its lock until the test releases it (held-copy.ts); time is
// the injected FakeClock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ContractError } from '../../../../shared/errors';
import { backupOperation } from '../../app/use-cases/backup';
import { defaultBackupDir, listBackups } from '../../backup/backup-store';
import { snapshotHealth } from '../../health/snapshot-health';
import { initRepository, listSnapshotsOperation, snapshotOperation } from '../../repository/operations';
import { makeWorld, quiet, resticOrSkip } from '../../repository/test/repo-fixtures';
import { newScheduleConfig, writeScheduleConfig } from '../../schedule/config-store';
import { EXIT_BUSY } from '../../schedule/scheduled-run';
import { scheduledRunWithSnapshot } from '../../schedule/scheduled-run-all';
import { fileScheduleStateStore } from '../../schedule/state-store';
import { FakeClock } from '../../test/fixtures/fake-clock';
import { COPY_LOCK_WHAT } from '../copy-under-lock';
import { holdCopy, type HeldCopy } from './held-copy';

const MIN = 60_000;

test('a copy under way: Back up is made, a snapshot is refused busy, a scheduled one is owed and made after', async (t) => {
  const restic = await resticOrSkip(t);
  if (!restic) return;
  const w = makeWorld('copy-beside-backup', 2, 4 * 1024);
  let copy: HeldCopy | null = null;
  try {
    await initRepository({ ...w.scope, repo: w.repo });
    const stateDir = path.join(w.dataDir, 'schedules');
    const backupDir = defaultBackupDir(w.libraryPath);
    // Backups carry the real time they were made, so the simulated day starts now.
    const clock = new FakeClock(new Date());
    await writeScheduleConfig(stateDir, {
      ...newScheduleConfig(w.libraryPath, { kind: 'interval', hours: 24 }),
      scope: 'database-and-audio',
    });
    const timerRun = () =>
      scheduledRunWithSnapshot({
        libraryPath: w.libraryPath,
        stateDir,
        appVersion: 'test',
        clock,
        repoScope: w.scope,
      });

    copy = await holdCopy(w.scope);

    // The OS timer fires: the scheduled database backup is made, the snapshot is owed (exit 75).
    const first = await timerRun();
    assert.equal(first.outcome, 'busy', first.message);
    assert.equal(first.exitCode, EXIT_BUSY);
    assert.match(
      first.message,
      /^Backed up .* The audio snapshot did not start: Another Backbeat job \(copies to destinations/,
    );
    assert.equal((await listBackups(backupDir)).length, 1);
    const owed = (await fileScheduleStateStore(stateDir, w.libraryPath).read()).lastSnapshot ?? null;
    assert.equal(owed?.busy, true);
    assert.equal(snapshotHealth('database-and-audio', owed, null, clock.now())?.level, 'warning');

    // The user's Back up: made, although the copy runs.
    const meta = await backupOperation({
      libraryPath: w.libraryPath,
      backupDir,
      appVersion: 'test',
      ctx: quiet(),
    });
    const made = await listBackups(backupDir);
    assert.equal(made.length, 2);
    assert.ok(made.some((b) => b.id === meta.id && b.trigger === 'manual'));

    // Snapshot now: refused, naming the copy.
    await assert.rejects(snapshotOperation(w.scope, { trigger: 'manual', ctx: quiet() }), (err: unknown) => {
      assert.ok(err instanceof ContractError && err.code === 'busy', String(err));
      assert.match(
        err.message,
        new RegExp(`\\(${COPY_LOCK_WHAT}, pid \\d+, since [^)]+\\) is using this library's repository`),
      );
      return true;
    });

    // The copy ends; the next firing has no backup due but makes the owed snapshot.
    copy.release();
    await copy.done;
    await clock.advance(15 * MIN);
    const second = await timerRun();
    assert.equal(second.outcome, 'not-due', second.message);
    assert.equal(second.exitCode, 0);
    assert.equal(second.snapshot?.run.status, 'created', second.message);
    const snapshots = await listSnapshotsOperation(w.scope);
    assert.deepEqual(
      snapshots.map((s) => s.trigger),
      ['scheduled'],
    );
    assert.equal(
      (await fileScheduleStateStore(stateDir, w.libraryPath).read()).lastSnapshot?.busy,
      undefined,
    );
    assert.equal((await listBackups(backupDir)).length, 2, 'no extra database backup');

    // Nothing owed any more: the firing after makes no snapshot.
    await clock.advance(15 * MIN);
    assert.equal((await timerRun()).snapshot, null);
  } finally {
    copy?.release();
    await copy?.done;
    w.cleanup();
  }
});
