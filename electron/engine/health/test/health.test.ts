// Health: the newest backup's age, the stale warning at twice the interval, a failed
// run shown until a newer backup exists, notifications said once, status --json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LastRun, StatusReport } from '../../../../shared/schedule-types';
import { formatAge, formatSpan } from '../age-text';
import { backupHealth } from '../backup-health';
import { shouldNotify } from '../notify';
import { formatStatusText, statusReport } from '../status-report';
import { fakeEntry } from '../../test/fixtures/fake-backup-folder';

const HOUR = 3_600_000;
const NOW = new Date('2024-06-10T12:00:00Z');
const ago = (ms: number): Date => new Date(NOW.getTime() - ms);

function failedRun(at: Date, error = 'No space left on device.'): LastRun {
  const time = at.toISOString();
  return { time, finishedAt: time, status: 'failed', reason: 'tick', sizeBytes: null, error, backupId: null };
}

test('ages in words', () => {
  assert.equal(formatAge(10_000), 'just now');
  assert.equal(formatAge(-5_000), 'just now');
  assert.equal(formatAge(60_000), '1 minute ago');
  assert.equal(formatAge(3 * HOUR + 59 * 60_000), '3 hours ago');
  assert.equal(formatAge(47 * HOUR), '47 hours ago');
  assert.equal(formatAge(50 * HOUR), '2 days ago');
  assert.equal(formatAge(20 * 24 * HOUR), '2 weeks ago');
  assert.equal(formatAge(90 * 24 * HOUR), '3 months ago');
  assert.equal(formatSpan(800 * 24 * HOUR), '2 years');
});

test("healthy: the newest backup's age, no warning", () => {
  const entries = [fakeEntry({ createdAt: ago(3 * HOUR) }), fakeEntry({ createdAt: ago(27 * HOUR) })];
  const health = backupHealth({
    entries,
    schedule: { kind: 'daily', time: '03:00' },
    lastRun: null,
    now: NOW,
  });
  assert.equal(health.text, 'Newest backup: 3 hours ago');
  assert.equal(health.level, 'ok');
  assert.equal(health.warning, null);
  assert.equal(health.newestAgeMs, 3 * HOUR);
  assert.equal(health.newestAt, ago(3 * HOUR).toISOString());
});

test('stale past twice the interval (default) or a given threshold', () => {
  const schedule = { kind: 'daily', time: '03:00' } as const;
  const at47h = [fakeEntry({ createdAt: ago(47 * HOUR) })];
  assert.equal(backupHealth({ entries: at47h, schedule, lastRun: null, now: NOW }).warning, null);
  const at50h = [fakeEntry({ createdAt: ago(50 * HOUR) })];
  const stale = backupHealth({ entries: at50h, schedule, lastRun: null, now: NOW });
  assert.equal(stale.warning, 'No backup for 2 days; backups may have stopped.');
  assert.equal(stale.level, 'warning');
  assert.equal(
    backupHealth({ entries: at47h, schedule, lastRun: null, now: NOW, thresholdMs: 24 * HOUR }).level,
    'warning',
  );
  // Without a schedule, only an explicit threshold warns.
  assert.equal(backupHealth({ entries: at50h, schedule: null, lastRun: null, now: NOW }).warning, null);
  const none = backupHealth({ entries: [], schedule, lastRun: null, now: NOW });
  assert.equal(none.text, 'No backups yet');
  assert.match(none.warning ?? '', /no backup yet/);
  // Unreadable entries do not count as a newest backup.
  const unreadable = [fakeEntry({ createdAt: ago(HOUR), status: 'unreadable-metadata' })];
  assert.equal(backupHealth({ entries: unreadable, schedule, lastRun: null, now: NOW }).newestAt, null);
});

test('a failed run shows loudly until a newer backup exists', () => {
  const schedule = { kind: 'interval', hours: 6 } as const;
  const older = [fakeEntry({ createdAt: ago(5 * HOUR) })];
  const failed = backupHealth({ entries: older, schedule, lastRun: failedRun(ago(HOUR)), now: NOW });
  assert.equal(failed.level, 'error');
  assert.deepEqual(failed.lastRunFailed, { at: ago(HOUR).toISOString(), error: 'No space left on device.' });
  const newer = [fakeEntry({ createdAt: ago(10 * 60_000) }), ...older];
  const recovered = backupHealth({ entries: newer, schedule, lastRun: failedRun(ago(HOUR)), now: NOW });
  assert.equal(recovered.lastRunFailed, null);
  assert.equal(recovered.level, 'ok');
});

test('notifications: failure once, stopped once, recovery, success only when asked', () => {
  const schedule = { kind: 'daily', time: '03:00' } as const;
  const fresh = backupHealth({
    entries: [fakeEntry({ createdAt: ago(HOUR) })],
    schedule,
    lastRun: null,
    now: NOW,
  });
  const failed = backupHealth({
    entries: [fakeEntry({ createdAt: ago(HOUR) })],
    schedule,
    lastRun: failedRun(ago(60_000)),
    now: NOW,
  });
  const stale = backupHealth({
    entries: [fakeEntry({ createdAt: ago(72 * HOUR) })],
    schedule,
    lastRun: null,
    now: NOW,
  });

  assert.equal(shouldNotify(fresh, failed)?.kind, 'failed');
  assert.match(shouldNotify(fresh, failed)?.body ?? '', /No space left on device/);
  assert.equal(shouldNotify(failed, failed), null, 'the same failure is not repeated');
  assert.equal(shouldNotify(fresh, stale)?.kind, 'stopped');
  assert.equal(shouldNotify(null, stale)?.kind, 'stopped', 'stale at start-up');
  assert.equal(shouldNotify(stale, stale), null);
  assert.equal(shouldNotify(failed, fresh)?.kind, 'recovered');
  assert.equal(shouldNotify(fresh, fresh), null);

  const newer = backupHealth({
    entries: [fakeEntry({ createdAt: ago(60_000) })],
    schedule,
    lastRun: null,
    now: NOW,
  });
  assert.equal(shouldNotify(fresh, newer), null, 'successes are quiet by default');
  assert.equal(shouldNotify(fresh, newer, { notifyOnSuccess: true })?.kind, 'succeeded');
});

test('status --json: schedule, folder, policy in words, count, newest backup, last run', () => {
  const entries = [
    fakeEntry({ id: 'newest', createdAt: ago(3 * HOUR), compressedBytes: 42_000_000 }),
    fakeEntry({ id: 'older', createdAt: ago(27 * HOUR) }),
    fakeEntry({ id: 'broken', createdAt: ago(HOUR), status: 'unreadable-metadata' }),
  ];
  const lastRun: LastRun = {
    time: ago(3 * HOUR).toISOString(),
    finishedAt: ago(3 * HOUR).toISOString(),
    status: 'succeeded',
    reason: 'os-timer',
    sizeBytes: 42_000_000,
    error: null,
    backupId: 'newest',
  };
  const report: StatusReport = statusReport({
    enabled: true,
    schedule: { kind: 'daily', time: '03:00' },
    backupFolder: '/music/backbeat-backups',
    policy: { keepLast: 5 },
    entries,
    lastRun,
    now: NOW,
  });
  const json = JSON.parse(JSON.stringify(report)) as StatusReport;
  assert.deepEqual(json, {
    enabled: true,
    schedule: { kind: 'daily', time: '03:00', text: 'every day at 03:00' },
    backupFolder: '/music/backbeat-backups',
    retentionPolicy:
      'Keeps the 5 newest backups. Always kept: pinned and named backups, the 3 newest, the newest verified one and the one with the most analysed tracks.',
    count: 3,
    newestBackup: {
      id: 'newest',
      name: null,
      createdAt: ago(3 * HOUR).toISOString(),
      ageText: '3 hours ago',
      sizeBytes: 42_000_000,
      trigger: 'scheduled',
    },
    lastRun: { time: ago(3 * HOUR).toISOString(), status: 'succeeded', sizeBytes: 42_000_000, error: null },
    health: { level: 'ok', text: 'Newest backup: 3 hours ago', warning: null },
  });
  const text = formatStatusText(report);
  assert.match(text, /^Scheduled backups: on, every day at 03:00$/m);
  assert.match(text, /^Newest backup: 3 hours ago \(.*newest, 42\.0 MB\)$/m);
  assert.doesNotMatch(text, /WARNING/);

  const failing = statusReport({
    enabled: true,
    schedule: { kind: 'daily', time: '03:00' },
    backupFolder: '/b',
    policy: {},
    entries: [],
    lastRun: failedRun(ago(HOUR)),
    now: NOW,
  });
  assert.equal(failing.health.level, 'error');
  assert.deepEqual(failing.lastRun, {
    time: ago(HOUR).toISOString(),
    status: 'failed',
    sizeBytes: null,
    error: 'No space left on device.',
  });
  assert.match(formatStatusText(failing), /FAILED: No space left on device\./);
});
