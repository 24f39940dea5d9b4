// The service's schedule, retention and status methods, without the scheduler
// running (every schedule here is saved switched off): argument checks, the saved
// config's round trip, the retention preview with its reasons, applying a policy,
// and health in getStatus and the overview. Backups are written by hand with chosen dates.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ContractError, type BackbeatEvent, type MethodName } from '../../../../shared/contract';
import type { BackupMeta } from '../../../../shared/types';
import { createDemoLibrary } from '../../demo/demo';
import { scheduleConfigPath, scheduleStateDir } from '../../schedule/config-store';
import { FakeClock } from '../../test/fixtures/fake-clock';
import { createBackbeatService, type BackbeatService } from '../service';
import { writeDatedBackup } from '../../test/fixtures/dated-backups';
import { atTheBoundary } from './boundary';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const DAILY_3AM = { kind: 'daily', time: '03:00' } as const;

function rejectsWith(code: string, pattern?: RegExp): (e: unknown) => boolean {
  return (e: unknown) => {
    assert.ok(e instanceof ContractError, `expected a ContractError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (pattern) assert.match(e.message, pattern);
    return true;
  };
}

/** A finished backup on disk, made `ageMs` before `now`. */
function addBackup(dir: string, now: Date, ageMs: number, extra: Partial<BackupMeta> = {}): string {
  return writeDatedBackup(dir, new Date(now.getTime() - ageMs), extra);
}

describe('service: schedule, retention and status methods', () => {
  let root: string;
  let library: string;
  const services: BackbeatService[] = [];
  const clock = new FakeClock(new Date(2026, 2, 10, 12, 0));
  let counter = 0;

  /** A service with its own data and backup folders, the library chosen, on the fake clock. */
  async function make(): Promise<{ service: BackbeatService; dataDir: string; backupDir: string }> {
    const dataDir = path.join(root, `data-${++counter}`);
    const backupDir = path.join(root, `backups-${counter}`);
    const service = createBackbeatService({
      dataDir,
      appVersion: '9.9.9-test',
      mode: 'browser',
      log: () => undefined,
      clock,
      timers: clock,
    });
    services.push(service);
    await service.setLibrary({ path: library });
    await service.setBackupDir({ path: backupDir });
    return { service, dataDir, backupDir };
  }

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'backbeat-service-schedule-'));
    library = await createDemoLibrary(path.join(root, 'lib'), { tracks: 20, seed: 5 });
  });
  after(async () => {
    for (const s of services) await s.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('refuses bad arguments for each new method and saves nothing', async () => {
    const { service, dataDir } = await make();
    const cases: [MethodName, unknown][] = [
      ['getSchedule', { library: '/x' }],
      ['setSchedule', {}],
      ['setSchedule', { enabled: 'yes', schedule: DAILY_3AM }],
      ['setSchedule', { enabled: true, schedule: { kind: 'interval', hours: 0 } }],
      ['setSchedule', { enabled: true, schedule: { kind: 'interval', hours: 1.5 } }],
      ['setSchedule', { enabled: true, schedule: { kind: 'weekly', weekday: 'funday', time: '03:00' } }],
      ['setSchedule', { enabled: true, schedule: { kind: 'daily', time: '3am' } }],
      ['setSchedule', { enabled: true, schedule: DAILY_3AM, retention: { within: '0d' } }],
      ['setSchedule', { enabled: true, schedule: DAILY_3AM, retention: { forever: 1 } }],
      ['setSchedule', { enabled: true, schedule: DAILY_3AM, warnAfterHours: 0 }],
      ['setSchedule', { enabled: true, schedule: DAILY_3AM, libraryPath: '/etc' }],
      ['previewRetention', { policy: { keepLast: -1 } }],
      ['previewRetention', { policy: { tiers: { hourly: 3 } } }],
      ['applyRetention', {}],
      ['applyRetention', { dryRun: 'no' }],
      ['applyRetention', { dryRun: false, policy: { daily: 2.5 } }],
      ['getStatus', { verbose: true }],
    ];
    for (const [method, raw] of cases) {
      await assert.rejects(
        atTheBoundary(service, method, raw),
        rejectsWith('bad-arguments', new RegExp(`Invalid arguments for ${method}`)),
        `${method} ${JSON.stringify(raw)}`,
      );
    }
    assert.equal(fs.existsSync(scheduleStateDir(dataDir)), false, 'no schedule was written');
  });

  it('needs a library for the schedule and the status', async () => {
    const service = createBackbeatService({
      dataDir: path.join(root, 'data-nolib'),
      appVersion: '9.9.9-test',
      mode: 'browser',
      log: () => undefined,
    });
    services.push(service);
    await assert.rejects(service.getSchedule({}), rejectsWith('no-library'));
    await assert.rejects(
      service.setSchedule({ enabled: false, schedule: DAILY_3AM }),
      rejectsWith('no-library'),
    );
    await assert.rejects(service.getStatus({}), rejectsWith('no-library'));
    assert.equal((await service.getOverview({})).health, undefined, 'no health without a library');
  });

  it('starts with no schedule, then saves one, keeps unset fields and reads it back after a restart', async () => {
    const { service, dataDir, backupDir } = await make();
    const first = await service.getSchedule({});
    assert.equal(first.config, null);
    assert.equal(first.scheduleText, null);
    assert.equal(first.nextDueAt, null);
    assert.equal(first.lastRun, null);
    assert.equal(first.health.text, 'No backups yet');
    assert.equal(first.health.warning, null, 'no schedule, so nothing is overdue');
    assert.match(first.retentionText, /^Keeps every backup/);

    const saved = await service.setSchedule({
      enabled: false,
      schedule: { kind: 'weekly', weekday: 'sunday', time: '03:30' },
      retention: { keepLast: 3, daily: 7 },
      warnAfterHours: 48,
    });
    assert.equal(saved.scheduleText, 'every Sunday at 03:30');
    assert.match(saved.retentionText, /the 3 newest backups/);
    assert.equal(saved.nextDueAt, null, 'switched off: nothing is due');
    assert.deepEqual(saved.config, {
      formatVersion: 1,
      libraryPath: library,
      enabled: false,
      schedule: { kind: 'weekly', weekday: 'sunday', time: '03:30' },
      retention: { keepLast: 3, daily: 7 },
      backupDir,
      progressTiers: null,
      warnAfterHours: 48,
      notifyOnSuccess: false,
    });
    const file = scheduleConfigPath(scheduleStateDir(dataDir), library);
    assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), saved.config, 'saved in the data folder');

    // Left-out fields keep their saved values; null is a value and resets.
    const changed = await service.setSchedule({ enabled: false, schedule: { kind: 'interval', hours: 6 } });
    assert.deepEqual(changed.config?.retention, { keepLast: 3, daily: 7 });
    assert.equal(changed.config?.warnAfterHours, 48);
    const reset = await service.setSchedule({ enabled: false, schedule: DAILY_3AM, warnAfterHours: null });
    assert.equal(reset.config?.warnAfterHours, null);

    const restarted = createBackbeatService({ dataDir, appVersion: '9.9.9-test', mode: 'browser', clock });
    services.push(restarted);
    assert.deepEqual((await restarted.getSchedule({})).config, reset.config);
    assert.deepEqual(await service.listJobs({}), [], 'a switched-off schedule makes no backup');
    // Each service's copy loop (armed whenever a library is open), and no backup timer.
    assert.equal(clock.pendingCount, 2, 'and arms no backup timer');
  });

  it('replaces a damaged schedule file when a new schedule is set', async () => {
    const { service, dataDir } = await make();
    const file = scheduleConfigPath(scheduleStateDir(dataDir), library);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '{ not json');
    await assert.rejects(service.getSchedule({}), rejectsWith('corrupt', /Set the schedule again/));
    assert.ok((await service.getOverview({})).health, 'the overview still loads');
    const saved = await service.setSchedule({ enabled: false, schedule: DAILY_3AM });
    assert.equal(saved.config?.schedule.kind, 'daily');
    assert.ok(saved.config?.retention.daily, "a first schedule gets the engine's default policy");
  });

  it('previews a policy with the rule that keeps each backup, and applies it under the lock', async () => {
    const { service, backupDir } = await make();
    const now = clock.now();
    const ids = [1, 2, 3, 4, 5, 6].map((days) => addBackup(backupDir, now, days * DAY));
    const pinned = addBackup(backupDir, now, 9 * DAY, { pinned: true });
    const named = addBackup(backupDir, now, 10 * DAY, { name: 'before rescan' });
    const events: BackbeatEvent[] = [];
    service.onEvent((e) => events.push(e));

    const plan = await service.previewRetention({ policy: { daily: 4 } });
    assert.match(plan.policyText, /newest backup of each of the last 4 days/);
    const byId = new Map(plan.decisions.map((d) => [d.id, d]));
    const rules = (id: string): string[] => byId.get(id)?.reasons.map((r) => r.rule) ?? [];
    assert.deepEqual(rules(ids[0]!), ['safety-newest', 'safety-most-analysed', 'daily']);
    assert.deepEqual(rules(ids[2]!), ['safety-newest', 'daily']);
    assert.deepEqual(rules(ids[3]!), ['daily']);
    assert.match(byId.get(ids[3]!)?.reasons[0]?.text ?? '', /^daily: newest of \d{4}-\d\d-\d\d$/);
    assert.deepEqual(rules(pinned), ['pinned']);
    assert.deepEqual(rules(named), ['named']);
    const goes = plan.decisions.filter((d) => !d.keep).map((d) => d.id);
    assert.deepEqual(goes, [ids[4], ids[5]]);
    assert.ok(plan.decisions.filter((d) => !d.keep).every((d) => d.reasons.length === 0));

    // Without a policy: the saved one (none saved: keep everything).
    const none = await service.previewRetention({});
    assert.ok(none.decisions.every((d) => d.keep));
    await service.setSchedule({ enabled: false, schedule: DAILY_3AM, retention: { keepLast: 5 } });
    const saved = await service.previewRetention({});
    assert.match(saved.policyText, /the 5 newest backups/);
    assert.deepEqual(
      saved.decisions.filter((d) => !d.keep).map((d) => d.id),
      [ids[5]],
    );

    const dry = await service.applyRetention({ dryRun: true, policy: { daily: 4 } });
    assert.deepEqual(
      dry.removed.map((e) => e.id),
      goes,
    );
    assert.equal((await service.listBackups({})).length, 8, 'a dry run removes nothing');
    assert.equal(events.length, 0);

    const applied = await service.applyRetention({ dryRun: false, policy: { daily: 4 } });
    assert.deepEqual(
      applied.removed.map((e) => e.id),
      goes,
    );
    assert.deepEqual(applied.failures, []);
    assert.deepEqual(
      (await service.listBackups({})).map((e) => e.id).sort(),
      [...ids.slice(0, 4), pinned, named].sort(),
    );
    // It ran as a job: listed for Activity, with the space it freed.
    assert.deepEqual(
      events.filter((e) => e.type !== 'job'),
      [{ type: 'backups-changed' }],
    );
    const jobs = await service.listJobs({});
    assert.equal(jobs.length, 1);
    assert.deepEqual([jobs[0]!.kind, jobs[0]!.state], ['cleanup', 'succeeded']);
    assert.deepEqual(jobs[0]!.tally, { done: 2, total: 2, verb: 'removed' });
    assert.equal(
      applied.freedBytes,
      applied.removed.reduce((sum, e) => sum + (e.sizeBytes ?? 0), 0),
    );
    assert.ok(
      events.some((e) => e.type === 'job' && e.job.state === 'running' && e.job.progress.phase === 'remove'),
      'progress per backup removed',
    );
  });

  it('reports status and health, warning when the newest backup is older than allowed', async () => {
    const { service, backupDir } = await make();
    const newest = addBackup(backupDir, clock.now(), 3 * DAY, {
      sizes: { databaseBytes: 9000, compressedBytes: 4321 },
    });
    addBackup(backupDir, clock.now(), 4 * DAY);

    const off = await service.getStatus({});
    assert.equal(off.enabled, false);
    assert.equal(off.schedule, null);
    assert.equal(off.backupFolder, backupDir);
    assert.equal(off.count, 2);
    assert.equal(off.newestBackup?.id, newest);
    assert.equal(off.newestBackup?.ageText, '3 days ago');
    assert.equal(off.newestBackup?.sizeBytes, 4321);
    assert.equal(off.lastRun, null);
    assert.deepEqual(off.health, { level: 'ok', text: 'Newest backup: 3 days ago', warning: null });
    assert.deepEqual((await service.getOverview({})).health, {
      text: 'Newest backup: 3 days ago',
      warning: null,
      lastRunFailed: null,
    });

    // An explicit threshold warns even while the schedule is off.
    await service.setSchedule({
      enabled: false,
      schedule: DAILY_3AM,
      warnAfterHours: 24,
      retention: { daily: 7 },
    });
    const warned = await service.getStatus({});
    assert.equal(warned.schedule?.text, 'every day at 03:00');
    assert.match(warned.retentionPolicy, /each of the last 7 days/);
    assert.equal(warned.health.level, 'warning');
    assert.equal(warned.health.warning, 'No backup for 3 days; backups may have stopped.');
    const overview = await service.getOverview({});
    assert.equal(overview.health?.text, 'Newest backup: 3 days ago');
    assert.equal(overview.health?.warning, 'No backup for 3 days; backups may have stopped.');
    const view = await service.getSchedule({});
    assert.equal(view.health.level, 'warning');
  });
});
