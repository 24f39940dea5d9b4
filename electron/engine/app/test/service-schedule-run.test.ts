// The service's scheduler on a real (small) demo library, with the engine's fake
// clock driving it: a switched-on schedule that is due makes one "Scheduled backup"
// job (then nothing until the next slot), prunes only after a success, records a
// failure for health, never overlaps another job on the library, starts with the
// service and stops on dispose. Nothing runs while the schedule is off.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ContractError, type BackbeatEvent } from '../../../../shared/contract';
import type { BackupMeta, JobInfo } from '../../../../shared/types';
import { createDemoLibrary } from '../../demo/demo';
import { withLibraryLock } from '../../library/lock';
import { FakeClock } from '../../test/fixtures/fake-clock';
import { SCHEDULED_RETENTION_TITLE } from '../service-cleanup';
import { createBackbeatService, type BackbeatService } from '../service';
import { writeDatedBackup } from '../../test/fixtures/dated-backups';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const EVERY_6H = { kind: 'interval', hours: 6 } as const;
const TITLE = 'Scheduled backup';

/**
 * A ceiling that only catches hangs: a verdict never depends on how busy the machine is,
 * every wait below ends on what it waits for, and this is the limit past which it is stuck.
 */
const HANG_MS = 180_000;

async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  ms = HANG_MS,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Lets each scheduler check finish before fake time moves on: the scheduler arms its next
 * timer only once a check (and any backup it made) is over, so wait for that timer to be
 * set. A fixed real-time pause here lost the next check on a busy machine: when the check
 * outlasted the pause, the clock moved past the slot with no timer armed.
 */
function checked(clock: FakeClock): () => Promise<void> {
  return async () => {
    let timer: NodeJS.Timeout | undefined;
    const hung = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error('Timed out waiting for the scheduler to arm its next check')),
        HANG_MS,
      );
    });
    try {
      await Promise.race([clock.armed(), hung]);
    } finally {
      clearTimeout(timer);
    }
  };
}

/** A hand-written backup (older than any real one made during the test). */
function addOldBackup(dir: string, createdAt: Date): string {
  return writeDatedBackup(dir, createdAt);
}

function scheduledJobs(jobs: JobInfo[]): JobInfo[] {
  return jobs.filter((j) => j.title === TITLE);
}

describe('service: the scheduler', () => {
  let root: string;
  let library: string;
  const services: BackbeatService[] = [];
  let counter = 0;

  /**
   * A service on a fake clock that starts at the real time: real backups are stamped
   * with the real time, and the schedule must see them as just made, not as future ones.
   */
  function make(
    clock: FakeClock,
    dataDir = path.join(root, `data-${++counter}`),
  ): { service: BackbeatService; dataDir: string; logs: string[] } {
    const logs: string[] = [];
    const service = createBackbeatService({
      dataDir,
      appVersion: '9.9.9-test',
      mode: 'browser',
      log: (m) => logs.push(m),
      clock,
      timers: clock,
    });
    services.push(service);
    return { service, dataDir, logs };
  }

  async function withLibrary(service: BackbeatService, lib = library): Promise<string> {
    const backupDir = path.join(root, `backups-${++counter}`);
    await service.setLibrary({ path: lib });
    await service.setBackupDir({ path: backupDir });
    return backupDir;
  }

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'backbeat-service-scheduler-'));
    library = await createDemoLibrary(path.join(root, 'lib'), { tracks: 40, seed: 9 });
  });
  after(async () => {
    for (const s of services) await s.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('makes one scheduled backup job when due, prunes after it, then waits for the next slot', async () => {
    const clock = new FakeClock(new Date());
    const { service } = make(clock);
    const backupDir = await withLibrary(service);
    // Two days without a backup: owed at once. Five old ones for the policy to thin.
    const old = [2, 3, 4, 5, 6].map((d) =>
      addOldBackup(backupDir, new Date(clock.now().getTime() - d * DAY)),
    );
    const events: BackbeatEvent[] = [];
    service.onEvent((e) => events.push(e));

    const view = await service.setSchedule({ enabled: true, schedule: EVERY_6H, retention: { keepLast: 1 } });
    assert.equal(view.config?.enabled, true);
    const lastRun = await until(
      'the first run to be recorded',
      async () => (await service.getSchedule({})).lastRun,
    );
    assert.equal(lastRun.status, 'succeeded');
    assert.equal(lastRun.reason, 'start');

    // The pruning after it is a job of its own (kind cleanup).
    const jobs = (await service.listJobs({})).filter((j) => j.kind === 'backup');
    assert.equal(jobs.length, 1, 'exactly one backup job');
    const job = jobs[0]!;
    assert.deepEqual([job.kind, job.title, job.state], ['backup', TITLE, 'succeeded']);
    const meta = job.result as BackupMeta;
    assert.equal(meta.trigger, 'scheduled');
    assert.equal(lastRun.backupId, meta.id);
    assert.ok(
      events.some((e) => e.type === 'job' && e.job.id === job.id),
      'visible in Activity',
    );

    // keep-last 1 plus the safety net (3 newest, most analysed): the 3 oldest go, just after the run.
    const left = await until('retention after the backup', async () => {
      const ids = (await service.listBackups({})).map((b) => b.id);
      return ids.length === 3 ? ids : null;
    });
    assert.deepEqual(left, [meta.id, old[0], old[1]]);
    const pruning = await until('the pruning job to end', async () =>
      (await service.listJobs({})).find((j) => j.kind === 'cleanup' && j.state !== 'running'),
    );
    assert.deepEqual(
      [pruning.title, pruning.state, pruning.tally],
      [SCHEDULED_RETENTION_TITLE, 'succeeded', { done: 3, total: 3, verb: 'removed' }],
    );
    const schedule = await service.getSchedule({});
    assert.equal(schedule.health.text, 'Newest backup: just now');
    assert.equal(schedule.health.level, 'ok');
    // The backup is stamped with the real time, which runs on while the fake clock stands
    // still: how far past the fake clock it lies is how long the machine took to get there
    // (seconds when idle, minutes when busy). The next slot counts from that stamp, so the
    // steps below are measured from it too, never from the fake clock's start.
    const madeAt = new Date(meta.createdAt).getTime();
    assert.ok(madeAt >= clock.now().getTime(), 'the backup is stamped no earlier than the fake clock');
    const slot = madeAt + 6 * HOUR;
    assert.equal(schedule.nextDueAt, new Date(slot).toISOString(), 'the next backup is due 6 hours after it');

    // Minute-by-minute checks up to just before the slot: nothing is owed.
    await clock.advance(slot - 1 - clock.now().getTime(), checked(clock));
    assert.equal(scheduledJobs(await service.listJobs({})).length, 1, 'no backup before the slot');
    // Past the slot: the next check makes the second one.
    await clock.advance(2 * MINUTE, checked(clock));
    const second = await until('the second scheduled backup', async () => {
      const done = scheduledJobs(await service.listJobs({})).filter((j) => j.state === 'succeeded');
      return done.length === 2 ? done : null;
    });
    assert.equal(second.length, 2);
  });

  it('records a failed run for health and prunes nothing after it', async () => {
    const clock = new FakeClock(new Date());
    const { service, logs } = make(clock);
    const doomed = await createDemoLibrary(path.join(root, 'doomed'), { tracks: 5, seed: 2 });
    const backupDir = await withLibrary(service, doomed);
    for (const d of [2, 3, 4, 5, 6]) addOldBackup(backupDir, new Date(clock.now().getTime() - d * DAY));
    fs.rmSync(doomed);

    await service.setSchedule({ enabled: true, schedule: EVERY_6H, retention: { keepLast: 1 } });
    const lastRun = await until(
      'the failed run to be recorded',
      async () => (await service.getSchedule({})).lastRun,
    );
    assert.equal(lastRun.status, 'failed');
    assert.match(lastRun.error ?? '', /No library database/);
    const [job] = await service.listJobs({});
    assert.deepEqual([job?.title, job?.state], [TITLE, 'failed']);
    assert.equal((await service.listBackups({})).length, 5, 'retention follows successes only');
    const view = await service.getSchedule({});
    assert.equal(view.health.level, 'error');
    assert.match(view.health.lastRunFailed?.error ?? '', /No library database/);
    assert.match((await service.getOverview({})).health?.lastRunFailed?.error ?? '', /No library database/);
    assert.equal((await service.getStatus({})).lastRun?.status, 'failed');
    assert.ok(logs.some((m) => /The scheduled backup failed/.test(m)));
  });

  it('never overlaps another job on the library: skips while it is locked, refuses a manual backup meanwhile', async () => {
    const clock = new FakeClock(new Date());
    const { service } = make(clock);
    await withLibrary(service);

    let release = (): void => undefined;
    const held = withLibraryLock(
      library,
      'a test holding the library',
      () => new Promise<void>((r) => (release = r)),
    );
    await service.setSchedule({ enabled: true, schedule: EVERY_6H });
    // The first check finds the library locked: skipped, nothing recorded as failed.
    // Two timers then: the schedule's next check and the copy loop's (armed with any library).
    await until('the first check to finish', async () => clock.pendingCount === 2);
    assert.deepEqual(await service.listJobs({}), []);
    assert.equal((await service.getSchedule({})).lastRun, null);
    release();
    await held;

    // While the scheduled job runs, a manual backup is refused (checked the moment it starts).
    let refused: unknown = null;
    const off = service.onEvent((e) => {
      if (e.type === 'job' && e.job.title === TITLE && e.job.state === 'running' && refused === null) {
        refused = 'pending';
        service.startBackup({}).then(
          () => (refused = new Error('the manual backup was started')),
          (err: unknown) => (refused = err),
        );
      }
    });
    await clock.advance(MINUTE + 1, checked(clock));
    const done = await until('the scheduled backup', async () => {
      const finished = scheduledJobs(await service.listJobs({})).filter((j) => j.state !== 'running');
      return finished.length > 0 ? finished : null;
    });
    off();
    assert.equal(done[0]?.state, 'succeeded', done[0]?.error ?? '');
    await until('the manual attempt to settle', async () => refused !== 'pending');
    assert.ok(refused instanceof ContractError, String(refused));
    assert.equal(refused.code, 'busy');
    assert.match(refused.message, /"Scheduled backup" is still running/);
    assert.equal(
      (await service.listJobs({})).filter((j) => j.kind === 'backup').length,
      1,
      'no manual job was started (the pruning after the backup is a cleanup job)',
    );
  });

  it('starts with the service when the saved schedule is on, stops on dispose, and does nothing while off', async () => {
    const clock = new FakeClock(new Date());
    const first = make(clock);
    const backupDir = await withLibrary(first.service);
    addOldBackup(backupDir, new Date(clock.now().getTime() - HOUR));
    await first.service.setSchedule({ enabled: true, schedule: EVERY_6H });
    // Its timer, beside the copy loop's (armed whenever a library is open).
    await until('the scheduler to arm its timer', async () => clock.pendingCount === 2);
    assert.deepEqual(await first.service.listJobs({}), [], 'a backup from an hour ago: nothing owed');
    await first.service.dispose();
    assert.equal(clock.pendingCount, 0, 'dispose stops the scheduler');

    const second = make(clock, first.dataDir);
    await until('the restarted service to arm its timer', async () => clock.pendingCount === 2);
    await second.service.setSchedule({ enabled: false, schedule: EVERY_6H });
    assert.equal(clock.pendingCount, 1, 'switching off stops it (the copy loop stays)');
    // Only the copy loop's timer fires: no destination, so its ticks copy nothing.
    await clock.advance(2 * DAY);
    assert.deepEqual(await second.service.listJobs({}), [], 'nothing runs while the schedule is off');
  });
});
