// What the app notifies about, decided without Electron: a failed scheduled backup and
// backups that stopped, each once; nothing without a library; rechecks after backup jobs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BackupHealth, HealthNotification, ScheduleView } from '../../../shared/schedule-types';
import type { JobInfo } from '../../../shared/types';
import { endsBackupJob, HealthWatch } from '../health-watch';

const OK: BackupHealth = {
  level: 'ok',
  newestAt: '2026-01-01T03:00:00.000Z',
  newestAgeMs: 3_600_000,
  text: 'Newest backup: 1 hour ago',
  warning: null,
  lastRunFailed: null,
};

function view(health: BackupHealth, notifyOnSuccess = false): ScheduleView {
  return {
    config: { notifyOnSuccess } as ScheduleView['config'],
    scheduleText: 'every day at 03:00',
    retentionText: '',
    health,
    lastRun: null,
    nextDueAt: null,
  };
}

function harness(views: (ScheduleView | Error)[]): {
  watch: HealthWatch;
  shown: HealthNotification[];
  seen: (BackupHealth | null)[];
} {
  const shown: HealthNotification[] = [];
  const seen: (BackupHealth | null)[] = [];
  const watch = new HealthWatch({
    getSchedule: async () => {
      const next = views.shift();
      if (!next || next instanceof Error) throw next ?? new Error('no library');
      return next;
    },
    notify: (n) => shown.push(n),
    onHealth: (h) => seen.push(h),
  });
  return { watch, shown, seen };
}

describe('HealthWatch', () => {
  it('notifies a failed scheduled backup once, then that backups are running again', async () => {
    const failed: BackupHealth = {
      ...OK,
      level: 'error',
      lastRunFailed: { at: '2026-01-02T03:00:00.000Z', error: 'The disk is full.' },
    };
    const { watch, shown } = harness([view(OK), view(failed), view(failed), view(OK)]);
    for (let i = 0; i < 4; i++) await watch.check();
    assert.deepEqual(
      shown.map((n) => n.kind),
      ['failed', 'recovered'],
    );
    assert.match(shown[0]!.body, /The disk is full\./);
  });

  it('notifies when backups have stopped', async () => {
    const stale: BackupHealth = {
      ...OK,
      level: 'warning',
      warning: 'No backup for 2 days; backups may have stopped.',
    };
    const { watch, shown } = harness([view(OK), view(stale), view(stale)]);
    for (let i = 0; i < 3; i++) await watch.check();
    assert.deepEqual(
      shown.map((n) => [n.kind, n.title]),
      [['stopped', 'Backups have stopped']],
    );
  });

  it('says nothing without a library, and tells the tray there is no health', async () => {
    const { watch, shown, seen } = harness([new Error('Choose a library first.')]);
    await watch.check();
    assert.deepEqual(shown, []);
    assert.deepEqual(seen, [null]);
  });

  it('shares one read between overlapping checks', async () => {
    const { watch, seen } = harness([view(OK), view(OK)]);
    await Promise.all([watch.check(), watch.check(), watch.check()]);
    assert.equal(seen.length, 1);
  });
});

describe('endsBackupJob', () => {
  const job = (kind: JobInfo['kind'], state: JobInfo['state']): JobInfo =>
    ({
      id: 'j',
      kind,
      state,
      title: '',
      startedAt: '',
      finishedAt: null,
      progress: {},
      error: null,
      result: null,
    }) as unknown as JobInfo;
  it('is true only for a backup job that ended', () => {
    assert.equal(endsBackupJob({ type: 'job', job: job('backup', 'failed') }), true);
    assert.equal(endsBackupJob({ type: 'job', job: job('backup', 'succeeded') }), true);
    assert.equal(endsBackupJob({ type: 'job', job: job('backup', 'running') }), false);
    assert.equal(endsBackupJob({ type: 'job', job: job('verify', 'succeeded') }), false);
    assert.equal(endsBackupJob({ type: 'backups-changed' }), false);
  });
});
