// The app's copy loop runs whenever a library is open, with no backup schedule at all:
// a destination on its own schedule is copied to (real restic, a folder destination),
// and one whose disk is gone is retried by the back-off, never at every tick, and the
// user is told once that copies to it stopped. Each try is a job, as Activity lists it.
// A scheduled snapshot that found a copy holding the repository is made at a later look.
// Time is the injected FakeClock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { HealthNotification, ScheduleConfig } from '../../../../shared/schedule-types';
import { ContractError } from '../../../../shared/errors';
import { copyRetryPath, fileCopyRetryStore } from '../../destinations/copy-round';
import { copyUnderLock } from '../../destinations/copy-under-lock';
import { holdCopy, type HeldCopy } from '../../destinations/test/held-copy';
import { withLibraryAndRepositoryLocks } from '../../library/lock';
import { newScheduleConfig, scheduleStateDir } from '../../schedule/config-store';
import { fileScheduleStateStore } from '../../schedule/state-store';
import { initRepository, listSnapshotsOperation } from '../../repository/operations';
import { listDestinations } from '../../destinations/operations';
import { cloudAndUnpluggedUsb } from '../../destinations/test/cloud-and-usb';
import { savedDestination } from '../../destinations/test/dest-fixtures';
import { updateLibraryRepoConfig } from '../../repository/repo-config';
import { makeWorld, quiet, resticOrSkip, type RepoWorld } from '../../repository/test/repo-fixtures';
import { JobManager } from '../../runtime/jobs';
import { FakeClock } from '../../test/fixtures/fake-clock';
import { SCHEDULED_SNAPSHOT_TITLE } from '../service-scheduled-snapshot';
import { ServiceScheduler } from '../service-scheduler';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** The app's scheduler for `w`'s library (default: no backup schedule), on `clock`, its 30-minute look. */
function scheduler(
  w: RepoWorld,
  clock: FakeClock,
  jobs: JobManager,
  hooks: {
    log?: (m: string) => void;
    notify?: (n: HealthNotification) => void;
    config?: ScheduleConfig;
  } = {},
): ServiceScheduler {
  return new ServiceScheduler({
    stateDir: path.join(w.dir, 'state'),
    appVersion: '9.9.9-test',
    clock,
    timers: clock,
    checkIntervalMs: 30 * MIN,
    jobs,
    emit: () => undefined,
    log: hooks.log ?? (() => undefined),
    readConfig: async () => hooks.config ?? null,
    repoScope: () => w.scope,
    ...(hooks.notify ? { notify: hooks.notify } : {}),
  });
}

/** The jobs list holds exactly one job: the scheduled copy to "usb". */
function assertOneScheduledCopy(jobs: JobManager): void {
  assert.deepEqual(
    jobs.list().map((j) => [j.kind, j.title]),
    [['copy', 'Scheduled copy to destination "usb"']],
  );
}

test('without a backup schedule: own-schedule copies run, an unplugged disk is retried and warned about', async (t) => {
  const restic = await resticOrSkip(t);
  if (!restic) return;
  const w = makeWorld('copy-loop', 3, 16 * 1024);
  // The last copies were made three days less an hour before the app opens.
  const clock = new FakeClock(new Date('2026-02-27T10:00:00Z'));
  const scope = { ...w.scope, now: () => clock.now() };
  const stateDir = path.join(w.dir, 'state');
  const notes: HealthNotification[] = [];
  const logs: string[] = [];
  const jobs = new JobManager({ log: () => undefined });
  const sched = scheduler(w, clock, jobs, { log: (m) => logs.push(m), notify: (n) => notes.push(n) });
  try {
    await cloudAndUnpluggedUsb(w, scope);
    clock.sleep(3 * DAY - HOUR);

    await sched.refresh({ libraryPath: w.libraryPath, backupDir: path.join(w.dir, 'backups') });
    await clock.advance(8 * HOUR, () => sched.settled());

    const [cloud, usb] = listDestinations(scope);
    // Due since the app opened: copied at the first tick (09:30), and not again within 24 h.
    assert.equal(cloud!.lastCopy, '2026-03-02T09:30:00.000Z', cloud!.health.text);
    assert.equal(usb!.lastCopy, '2026-02-27T10:00:00.000Z');
    const state = await fileCopyRetryStore(stateDir, w.libraryPath).read();
    const entry = state.destinations.usb!;
    assert.match(entry.lastError ?? '', /usb/);
    // Ticks every 30 min for 8 h (16), but only the back-off's slots: 0:30, 1:00, 1:30, 2:30, 4:30.
    assert.equal(entry.failures, 5);
    assert.equal(entry.lastAttemptAt, '2026-03-02T13:30:00.000Z');
    assert.equal(Date.parse(entry.nextAttemptAt) - Date.parse(entry.lastAttemptAt), 4 * HOUR);
    assert.equal(notes.length, 1, JSON.stringify(notes));
    assert.equal(notes[0]!.title, 'Copies to "usb" have stopped');
    assert.match(notes[0]!.body, /Not copied off this machine for 3 days/);
    assert.deepEqual(state.warned, ['usb']);
    assert.ok(fs.existsSync(copyRetryPath(stateDir, w.libraryPath)));
    assert.deepEqual(logs, []);
    // Every attempt is a job in Activity, with its outcome: one copy (nothing new to send), five failed tries.
    const copies = jobs.list().filter((j) => j.kind === 'copy');
    const outcome = (j: (typeof copies)[number]): string =>
      `${j.title}: ${(j.result as { destinations: { status: string }[] }).destinations[0]!.status}`;
    assert.deepEqual(copies.map(outcome).sort(), [
      'Scheduled copy to destination "cloud": up-to-date',
      ...Array<string>(5).fill('Scheduled copy to destination "usb": failed'),
    ]);
  } finally {
    sched.stop();
    await sched.settled();
    w.cleanup();
  }
});

test('a destination added while the app is open (as `dest add` from the CLI adds one) is copied to at the next tick', async () => {
  // No restic needed: the copy fails (there is no repository), and that failure is the
  // job this test looks for. Before, with no destination at open, no loop was armed.
  const w = makeWorld('copy-loop-late', 1, 1024);
  const clock = new FakeClock(new Date('2026-03-02T09:00:00Z'));
  const jobs = new JobManager({ log: () => undefined });
  const sched = scheduler(w, clock, jobs);
  try {
    await sched.refresh({ libraryPath: w.libraryPath, backupDir: path.join(w.dir, 'backups') });
    await clock.advance(HOUR, () => sched.settled());
    assert.deepEqual(jobs.list(), [], 'no destination, nothing to copy');
    // What `dest add` and `dest schedule --every 6h` leave in the library's config.
    await updateLibraryRepoConfig(w.dataDir, w.libraryPath, (c) => ({
      ...c,
      destinations: [savedDestination('usb', path.join(w.dir, 'usb', 'copy'), { copyEveryHours: 6 })],
    }));
    await clock.advance(30 * MIN, () => sched.settled());
    assertOneScheduledCopy(jobs);
  } finally {
    sched.stop();
    await sched.settled();
    w.cleanup();
  }
});

test('a copy owed while the library is busy starts no job, stays owed, and is made at the next look', async () => {
  // No restic needed: what matters is whether a copy job starts, not how it ends.
  const w = makeWorld('copy-loop-busy', 1, 1024);
  const clock = new FakeClock(new Date('2026-03-02T09:00:00Z'));
  const jobs = new JobManager({ log: () => undefined });
  const sched = scheduler(w, clock, jobs);
  const stateDir = path.join(w.dir, 'state');
  const usb = savedDestination('usb', path.join(w.dir, 'usb', 'copy'), { copyEveryHours: 6 });
  try {
    await updateLibraryRepoConfig(w.dataDir, w.libraryPath, (c) => ({ ...c, destinations: [usb] }));
    await sched.refresh({ libraryPath: w.libraryPath, backupDir: path.join(w.dir, 'backups') });
    // A snapshot holds the library through the first look.
    await withLibraryAndRepositoryLocks(w.libraryPath, 'a snapshot', () =>
      clock.advance(30 * MIN, () => sched.settled()),
    );
    assert.deepEqual(jobs.list(), [], 'no copy job while the library is busy');
    const owed = (await fileCopyRetryStore(stateDir, w.libraryPath).read()).destinations.usb;
    assert.equal(owed?.failures, 0, 'busy is not a failure: no back-off step');
    assert.match(
      owed?.lastError ?? '',
      /^The copy to "usb" did not start: another Backbeat job \(a snapshot, pid/,
    );

    // "Copy now" while busy: the job's error names the holder, and the copy stays owed.
    const asked = withLibraryAndRepositoryLocks(w.libraryPath, 'a snapshot', () =>
      copyUnderLock({ ...w.scope, now: () => clock.now() }, { to: 'usb', ctx: quiet() }),
    );
    await assert.rejects(asked, (e: unknown) => e instanceof ContractError && e.code === 'busy');
    const recorded = await fileCopyRetryStore(scheduleStateDir(w.dataDir), w.libraryPath).read();
    assert.equal(recorded.destinations.usb?.nextAttemptAt, clock.now().toISOString());

    // Free again: the next look makes the copy, as a job.
    await clock.advance(30 * MIN, () => sched.settled());
    assertOneScheduledCopy(jobs);
  } finally {
    sched.stop();
    await sched.settled();
    w.cleanup();
  }
});

test('a scheduled snapshot that finds a copy running is owed, and the next look makes it once the copy ended', async (t) => {
  const restic = await resticOrSkip(t);
  if (!restic) return;
  const w = makeWorld('copy-loop-owed-snapshot', 2, 4 * 1024);
  // Backups carry the real time they were made, so the simulated day starts now.
  const clock = new FakeClock(new Date());
  // The scheduler's first check runs on its own: the end of the snapshot job that
  // follows its backup is the event to wait for.
  let snapshotEnded = (): void => undefined;
  const firstSnapshot = new Promise<void>((r) => (snapshotEnded = r));
  const jobs = new JobManager({
    log: () => undefined,
    onChange: (j) => {
      if (j.title === SCHEDULED_SNAPSHOT_TITLE && j.state !== 'running') snapshotEnded();
    },
  });
  const config = {
    ...newScheduleConfig(w.libraryPath, { kind: 'interval', hours: 24 }),
    scope: 'database-and-audio' as const,
  };
  const sched = scheduler(w, clock, jobs, { config });
  let copy: HeldCopy | null = null;
  try {
    await initRepository({ ...w.scope, repo: w.repo });
    copy = await holdCopy(w.scope);

    // The app opens: the due database backup is made; its snapshot is refused, owed.
    await sched.refresh({ libraryPath: w.libraryPath, backupDir: path.join(w.dir, 'backups') });
    let hang: NodeJS.Timeout | undefined;
    await Promise.race([
      firstSnapshot,
      new Promise((_, reject) => {
        // A ceiling that only catches a hang, never a verdict on the machine's speed.
        hang = setTimeout(() => reject(new Error('the scheduled snapshot never ended')), 120_000);
      }),
    ]).finally(() => clearTimeout(hang));
    await sched.settled();
    const made = (title: string) => jobs.list().filter((j) => j.title === title);
    assert.deepEqual(
      made('Scheduled backup').map((j) => j.state),
      ['succeeded'],
      'the database backup is made while the copy runs',
    );
    assert.deepEqual(
      made(SCHEDULED_SNAPSHOT_TITLE).map((j) => j.state),
      ['failed'],
    );
    assert.match(
      made(SCHEDULED_SNAPSHOT_TITLE)[0]?.error ?? '',
      /did not start: Another Backbeat job \(copies to destinations/,
    );
    const state = () => fileScheduleStateStore(path.join(w.dir, 'state'), w.libraryPath).read();
    assert.equal((await state()).lastSnapshot?.busy, true);

    // The copy ends; the copy loop's next look makes the snapshot, once.
    copy.release();
    await copy.done;
    await clock.advance(30 * MIN, () => sched.settled());
    assert.deepEqual(
      made(SCHEDULED_SNAPSHOT_TITLE).map((j) => j.state),
      ['succeeded', 'failed'],
    );
    assert.equal((await state()).lastSnapshot?.status, 'created');
    assert.equal((await listSnapshotsOperation(w.scope)).length, 1);
    await clock.advance(30 * MIN, () => sched.settled());
    assert.equal(made(SCHEDULED_SNAPSHOT_TITLE).length, 2, 'nothing more once the snapshot is made');
    assert.equal(made('Scheduled backup').length, 1);
  } finally {
    copy?.release();
    await copy?.done;
    sched.stop();
    await sched.settled();
    w.cleanup();
  }
});
