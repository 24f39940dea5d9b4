// The in-app Scheduler driven by a fake clock: start-up catch-up, wake after sleep,
// joined triggers, retention only after success, failures recorded and backed off.
process.env.TZ = 'America/New_York';

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Schedule } from '../../../../shared/schedule-types';
import { FakeBackupFolder } from '../../test/fixtures/fake-backup-folder';
import { FakeClock } from '../../test/fixtures/fake-clock';
import { Scheduler } from '../scheduler';
import type { RunBackup, RunOutcome, SchedulerEvent } from '../scheduler';
import { memoryScheduleStateStore } from '../state-store';
import { applyRetention } from '../../retention/apply';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const DAILY_3AM: Schedule = { kind: 'daily', time: '03:00' };

interface Harness {
  clock: FakeClock;
  folder: FakeBackupFolder;
  scheduler: Scheduler;
  runs: { reason: string; at: Date }[];
  events: SchedulerEvent[];
  retentionCalls: number;
  state: ReturnType<typeof memoryScheduleStateStore>;
  tick(ms: number): Promise<void>;
}

function harness(options: {
  start: Date;
  schedule?: Schedule | null;
  runBackup?: RunBackup;
  existing?: Date[];
}): Harness {
  const clock = new FakeClock(options.start);
  const folder = new FakeBackupFolder();
  for (const at of options.existing ?? []) folder.add({ createdAt: at });
  const state = memoryScheduleStateStore('/music/library.db');
  const h: Harness = {
    clock,
    folder,
    runs: [],
    events: [],
    retentionCalls: 0,
    state,
    scheduler: null as unknown as Scheduler,
    tick: (ms) => clock.advance(ms, () => h.scheduler.settled()),
  };
  const defaultRun: RunBackup = async (reason, stillOwed) => {
    if (!(await stillOwed())) return null;
    h.runs.push({ reason, at: clock.now() });
    return folder.add({ createdAt: clock.now() });
  };
  h.scheduler = new Scheduler({
    clock,
    timers: clock,
    schedule: options.schedule === undefined ? DAILY_3AM : options.schedule,
    runBackup: options.runBackup ?? defaultRun,
    listBackups: folder.list,
    stateStore: state,
    applyRetention: async () => {
      h.retentionCalls++;
      return applyRetention(
        '/backups',
        { keepLast: 100 },
        { dryRun: false, now: clock.now(), list: folder.list, remove: folder.remove },
      );
    },
    onEvent: (e) => h.events.push(e),
    checkIntervalMs: 60_000,
  });
  return h;
}

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

test('a three-day sleep leads to exactly one catch-up backup, then the normal schedule resumes', async () => {
  const monday3am = new Date(2024, 2, 4, 3, 0);
  const h = harness({ start: new Date(2024, 2, 4, 10, 0), existing: [monday3am] });
  await h.scheduler.start();
  await h.scheduler.settled();
  assert.equal(h.runs.length, 0, "the day's backup already exists");

  await h.tick(HOUR);
  h.clock.sleep(3 * DAY); // suspended from Monday 11:00 to Thursday 11:00: three 03:00 slots missed
  await h.tick(0);
  assert.equal(h.runs.length, 1, 'one catch-up run at wake, not three');
  assert.equal(h.runs[0]?.reason, 'wake');
  assert.ok(h.events.some((e) => e.type === 'wake' && e.lateByMs > 2 * DAY));

  await h.tick(12 * HOUR); // Thursday 23:00: ticks every minute, nothing more owed
  assert.equal(h.runs.length, 1, 'no burst after the catch-up');

  await h.tick(4 * HOUR + 60_000); // past Friday 03:00
  assert.equal(h.runs.length, 2);
  const friday = h.runs[1]!.at;
  assert.equal(friday.getDate(), 8);
  assert.equal(friday.getHours(), 3);
  h.scheduler.stop();
});

test('on start with no backup at all, one is made right away', async () => {
  const h = harness({ start: new Date(2024, 5, 1, 15, 30) });
  const outcome = await h.scheduler.start();
  assert.equal(outcome?.status, 'succeeded');
  assert.equal(h.runs.length, 1);
  assert.equal(h.runs[0]?.reason, 'start');
  await h.tick(6 * HOUR);
  assert.equal(h.runs.length, 1, 'the next is owed only at 03:00 tomorrow');
  h.scheduler.stop();
});

test('on start with the app closed through missed slots, one backup is made, not one per slot', async () => {
  const h = harness({ start: new Date(2024, 5, 10, 9, 0), existing: [new Date(2024, 5, 3, 3, 0)] });
  await h.scheduler.start();
  await h.tick(10 * HOUR);
  assert.equal(h.runs.length, 1);
  assert.equal(h.runs[0]?.reason, 'start');
  h.scheduler.stop();
});

test('two triggers at once make one backup; both callers get its outcome', async () => {
  const gate = deferred<void>();
  let calls = 0;
  const folder = new FakeBackupFolder();
  const h = harness({
    start: new Date(2024, 0, 10, 12, 0),
    runBackup: async () => {
      calls++;
      await gate.promise;
      return folder.add({ createdAt: new Date(2024, 0, 10, 12, 0) });
    },
  });
  const first = h.scheduler.backUpNow();
  const second = h.scheduler.backUpNow();
  const fromCheck = h.scheduler.notifyWake();
  assert.equal(h.scheduler.isRunning, true);
  gate.resolve();
  const [a, b, c] = await Promise.all([first, second, fromCheck]);
  assert.equal(calls, 1);
  assert.equal(a, b);
  assert.equal(c, a);
  assert.equal(a.status, 'succeeded');
  assert.equal(h.scheduler.isRunning, false);
  // Once finished, a new trigger makes a new backup.
  await h.scheduler.backUpNow();
  assert.equal(calls, 2);
});

test('retention follows each successful backup and never a failed one; the failure is recorded', async () => {
  let fail = true;
  const folder = new FakeBackupFolder();
  const clock = new FakeClock(new Date(2024, 0, 10, 12, 0));
  const state = memoryScheduleStateStore('/music/library.db');
  let retentionCalls = 0;
  const outcomes: RunOutcome[] = [];
  const scheduler = new Scheduler({
    clock,
    timers: clock,
    schedule: { kind: 'interval', hours: 6 },
    runBackup: async () => {
      if (fail) throw new Error('The disk is full.');
      return folder.add({ createdAt: clock.now(), compressedBytes: 5000 });
    },
    listBackups: folder.list,
    stateStore: state,
    applyRetention: async () => {
      retentionCalls++;
      return { dryRun: false, policyText: '', removed: [], kept: [], decisions: [], failures: [] };
    },
    onEvent: (e) => {
      if (e.type === 'run-finished') outcomes.push(e.outcome);
    },
  });
  const tick = (ms: number): Promise<void> => clock.advance(ms, () => scheduler.settled());

  await scheduler.start();
  assert.equal(outcomes.length, 1);
  assert.equal(outcomes[0]?.status, 'failed');
  assert.equal(retentionCalls, 0, 'no retention after a failed backup');
  assert.equal(state.current.lastRun?.status, 'failed');
  assert.equal(state.current.lastRun?.error, 'The disk is full.');
  assert.equal(state.current.lastSuccess, null);

  await tick(30 * 60_000);
  assert.equal(outcomes.length, 1, 'no retry within the back-off (an hour)');

  fail = false;
  await tick(31 * 60_000);
  assert.equal(outcomes.length, 2, 'retried once the back-off passed');
  assert.equal(outcomes[1]?.status, 'succeeded');
  assert.equal(outcomes[1]?.reason, 'tick');
  assert.equal(retentionCalls, 1);
  const afterSuccess = state.current; // a fresh reference: the asserts above narrowed the old one
  assert.equal(afterSuccess.lastRun?.status, 'succeeded');
  assert.equal(afterSuccess.lastRun?.sizeBytes, 5000);
  assert.equal(afterSuccess.lastSuccess?.backupId, outcomes[1]?.meta?.id);
  assert.ok(afterSuccess.lastRetention);

  await tick(5 * HOUR);
  assert.equal(outcomes.length, 2, 'next run only after 6 hours');
  await tick(HOUR + 60_000);
  assert.equal(outcomes.length, 3);
  assert.equal(retentionCalls, 2);
  scheduler.stop();
});

test('a backup made meanwhile by another process (seen once the lock is held) is not repeated', async () => {
  const clock = new FakeClock(new Date(2024, 0, 10, 12, 0));
  const folder = new FakeBackupFolder();
  folder.add({ createdAt: new Date(2024, 0, 9, 3, 0) });
  let made = 0;
  const scheduler = new Scheduler({
    clock,
    timers: clock,
    schedule: DAILY_3AM,
    runBackup: async (_reason, stillOwed) => {
      // While we waited for the lock, the OS timer's CLI run made today's backup.
      folder.add({ createdAt: new Date(2024, 0, 10, 11, 59) });
      if (!(await stillOwed())) return null;
      made++;
      return folder.add({ createdAt: clock.now() });
    },
    listBackups: folder.list,
    stateStore: memoryScheduleStateStore('/music/library.db'),
  });
  const outcome = await scheduler.start();
  assert.equal(outcome?.status, 'skipped');
  assert.equal(made, 0);
  scheduler.stop();
});

test('a disabled schedule makes no automatic backups, but "Back up now" works', async () => {
  const h = harness({ start: new Date(2024, 0, 10, 12, 0), schedule: null });
  await h.scheduler.start();
  await h.tick(3 * DAY);
  assert.equal(h.runs.length, 0);
  const outcome = await h.scheduler.backUpNow();
  assert.equal(outcome.status, 'succeeded');
  assert.equal(h.runs[0]?.reason, 'manual');
  assert.equal(h.retentionCalls, 1);
  h.scheduler.stop();
  assert.equal(h.clock.pendingCount, 0, 'stop clears the pending check');
});

test('a busy library (another process backing up) is skipped quietly, not recorded as a failure', async () => {
  const clock = new FakeClock(new Date(2024, 0, 10, 12, 0));
  const state = memoryScheduleStateStore('/music/library.db');
  const busy = Object.assign(new Error('The library is busy: a scheduled backup (pid 42).'), {
    code: 'busy',
  });
  const scheduler = new Scheduler({
    clock,
    timers: clock,
    schedule: DAILY_3AM,
    runBackup: async () => {
      throw busy;
    },
    listBackups: async () => [],
    stateStore: state,
  });
  const outcome = await scheduler.start();
  assert.equal(outcome?.status, 'skipped');
  assert.equal(state.current.lastRun, null);
  scheduler.stop();
});

test('nextDueAt follows the last success', async () => {
  const h = harness({ start: new Date(2024, 0, 10, 12, 0), existing: [new Date(2024, 0, 10, 3, 0)] });
  await h.scheduler.start();
  assert.deepEqual(h.scheduler.nextDueAt(), new Date(2024, 0, 11, 3, 0));
  h.scheduler.stop();
});
