// A simulated year: the Scheduler makes a daily 00:30 backup on a fake clock and
// applies the retention policy after each one. At the end, exactly the backups
// derived by hand below remain (2023 in Berlin, DST changes included). At 00:30 local
// time each backup falls on the previous day in UTC, so UTC buckets would fail this.
process.env.TZ = 'Europe/Berlin';

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RetentionPolicy } from '../../../../shared/schedule-types';
import { applyRetention } from '../../retention/apply';
import { FakeBackupFolder } from '../../test/fixtures/fake-backup-folder';
import { FakeClock } from '../../test/fixtures/fake-clock';
import { localDateKey } from '../local-time';
import { Scheduler } from '../scheduler';
import { memoryScheduleStateStore } from '../state-store';

const POLICY: RetentionPolicy = { daily: 7, weekly: 4, monthly: 12, yearly: 2 };

/*
 * Worked out by hand for daily backups 2023-01-01 .. 2023-12-31 (Dec 31 is a Sunday):
 *   daily 7     -> Dec 25..31
 *   weekly 4    -> newest of the ISO weeks ending Dec 31, 24, 17, 10 (all Sundays)
 *   monthly 12  -> the last day of each month, Jan..Dec
 *   yearly 2    -> Dec 31 (only one year has backups)
 *   safety      -> newest 3 (Dec 29..31), newest verified (Jun 1: the 1st of Jan..Jun are
 *                  verified), most analysed tracks (Sep 9: a bad rescan on Sep 10 dropped the count)
 *   pinned      -> Feb 14;  named -> Aug 15
 */
const EXPECTED = [
  '2023-01-31',
  '2023-02-14',
  '2023-02-28',
  '2023-03-31',
  '2023-04-30',
  '2023-05-31',
  '2023-06-01',
  '2023-06-30',
  '2023-07-31',
  '2023-08-15',
  '2023-08-31',
  '2023-09-09',
  '2023-09-30',
  '2023-10-31',
  '2023-11-30',
  '2023-12-10',
  '2023-12-17',
  '2023-12-24',
  '2023-12-25',
  '2023-12-26',
  '2023-12-27',
  '2023-12-28',
  '2023-12-29',
  '2023-12-30',
  '2023-12-31',
];

test('a simulated year of daily backups under a policy keeps exactly the expected set', async () => {
  const clock = new FakeClock(new Date(2023, 0, 1, 0, 30));
  const folder = new FakeBackupFolder();
  let made = 0;
  const scheduler = new Scheduler({
    clock,
    timers: clock,
    schedule: { kind: 'daily', time: '00:30' },
    runBackup: async () => {
      const at = clock.now();
      made++;
      const badRescanDone = at >= new Date(2023, 8, 10);
      return folder.add({
        createdAt: at,
        analyzed: badRescanDone ? 100 : made,
        verified: at.getDate() === 1 && at.getMonth() <= 5,
        pinned: at.getMonth() === 1 && at.getDate() === 14,
        name: at.getMonth() === 7 && at.getDate() === 15 ? 'before-rescan' : null,
      });
    },
    listBackups: folder.list,
    stateStore: memoryScheduleStateStore('/music/library.db'),
    applyRetention: () =>
      applyRetention('/backups', POLICY, {
        dryRun: false,
        now: clock.now(),
        list: folder.list,
        remove: folder.remove,
      }),
    // Hourly checks keep the simulation fast; 00:30 still falls on a check.
    checkIntervalMs: 3_600_000,
  });

  await scheduler.start();
  const end = new Date(2023, 11, 31, 12, 0);
  await clock.advance(end.getTime() - clock.now().getTime(), () => scheduler.settled());
  scheduler.stop();

  assert.equal(made, 365, 'one backup a day, DST changes included');
  const remaining = await folder.list();
  for (const entry of remaining) {
    const at = new Date(entry.createdAt ?? '');
    assert.equal(at.getHours() * 60 + at.getMinutes(), 30, `${entry.createdAt} is a 00:30 backup`);
  }
  const days = remaining.map((e) => localDateKey(new Date(e.createdAt ?? ''))).sort();
  assert.deepEqual(days, EXPECTED);
  assert.equal(folder.deleted.length, 365 - EXPECTED.length);
});
