// When schedules are due, in local time, across both DST changes (Berlin, 2024:
// clocks jump 02:00 -> 03:00 on 31 March and 03:00 -> 02:00 on 27 October).
process.env.TZ = 'Europe/Berlin';

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ContractError } from '../../../../shared/errors';
import { scheduleSchema } from '../../../../shared/schedule-types';
import type { Schedule } from '../../../../shared/schedule-types';
import {
  describeSchedule,
  isDue,
  nextDueAfter,
  parseScheduleText,
  scheduleIntervalMs,
} from '../schedule-model';

const HOUR = 3_600_000;
const daily = (time: string): Schedule => ({ kind: 'daily', time });

test('daily: the next slot is today if still ahead, else tomorrow', () => {
  assert.deepEqual(nextDueAfter(daily('03:00'), new Date(2024, 4, 10, 1, 0)), new Date(2024, 4, 10, 3, 0));
  assert.deepEqual(nextDueAfter(daily('03:00'), new Date(2024, 4, 10, 3, 0)), new Date(2024, 4, 11, 3, 0));
  assert.deepEqual(nextDueAfter(daily('00:00'), new Date(2024, 11, 31, 23, 59)), new Date(2025, 0, 1, 0, 0));
});

test('daily across spring forward: a skipped 02:30 runs at 03:30 that day, then 02:30 again', () => {
  const skipped = nextDueAfter(daily('02:30'), new Date(2024, 2, 30, 2, 30));
  assert.equal(skipped.toISOString(), '2024-03-31T01:30:00.000Z'); // 03:30 CEST
  assert.equal(nextDueAfter(daily('02:30'), skipped).toISOString(), '2024-04-01T00:30:00.000Z'); // 02:30 CEST
  // 03:00 exists on that day and is 23 hours after the previous 03:00.
  const before = new Date(2024, 2, 30, 3, 0);
  assert.equal(nextDueAfter(daily('03:00'), before).getTime() - before.getTime(), 23 * HOUR);
});

test('daily across fall back: a repeated 02:30 runs once, at its first occurrence', () => {
  const first = nextDueAfter(daily('02:30'), new Date(2024, 9, 26, 2, 30));
  assert.equal(first.toISOString(), '2024-10-27T00:30:00.000Z'); // 02:30 CEST
  const afterFirst = nextDueAfter(daily('02:30'), first);
  assert.equal(
    afterFirst.toISOString(),
    '2024-10-28T01:30:00.000Z',
    'not the second 02:30 (CET) the same night',
  );
  // A run made during the repeated hour (02:45 CET) still waits for the next night.
  assert.equal(
    nextDueAfter(daily('02:30'), new Date('2024-10-27T01:45:00Z')).toISOString(),
    '2024-10-28T01:30:00.000Z',
  );
});

test('weekly: the next given weekday at the given time', () => {
  const sunday: Schedule = { kind: 'weekly', weekday: 'sunday', time: '04:15' };
  // Wednesday 2024-05-15 -> Sunday 2024-05-19.
  assert.deepEqual(nextDueAfter(sunday, new Date(2024, 4, 15, 12, 0)), new Date(2024, 4, 19, 4, 15));
  assert.deepEqual(nextDueAfter(sunday, new Date(2024, 4, 19, 4, 0)), new Date(2024, 4, 19, 4, 15));
  assert.deepEqual(nextDueAfter(sunday, new Date(2024, 4, 19, 4, 15)), new Date(2024, 4, 26, 4, 15));
  // The Sunday of the spring-forward change.
  const dst: Schedule = { kind: 'weekly', weekday: 'sunday', time: '02:30' };
  assert.equal(nextDueAfter(dst, new Date(2024, 2, 28)).toISOString(), '2024-03-31T01:30:00.000Z');
});

test('interval: elapsed hours, unaffected by DST', () => {
  const every6: Schedule = { kind: 'interval', hours: 6 };
  const last = new Date('2024-03-31T00:00:00Z');
  assert.equal(nextDueAfter(every6, last).getTime() - last.getTime(), 6 * HOUR);
  assert.equal(scheduleIntervalMs(every6), 6 * HOUR);
  assert.equal(scheduleIntervalMs({ kind: 'weekly', weekday: 'monday', time: '01:00' }), 7 * 24 * HOUR);
});

test('isDue: no run yet, a passed slot (however many), the clock set back', () => {
  const s = daily('03:00');
  const now = new Date(2024, 4, 10, 12, 0);
  assert.equal(isDue(s, null, now), true);
  assert.equal(isDue(s, new Date(2024, 4, 10, 3, 0), now), false);
  assert.equal(isDue(s, new Date(2024, 4, 9, 3, 0), now), true);
  assert.equal(isDue(s, new Date(2024, 3, 1, 3, 0), now), true);
  assert.equal(isDue(s, new Date(2024, 4, 10, 12, 30), now), false, 'slight clock skew is tolerated');
  assert.equal(
    isDue(s, new Date(2025, 0, 1), now),
    true,
    'a last run a year ahead means the clock went back',
  );
});

test('schedules in words and from the CLI syntax', () => {
  assert.equal(describeSchedule({ kind: 'interval', hours: 1 }), 'every hour');
  assert.equal(describeSchedule({ kind: 'interval', hours: 6 }), 'every 6 hours');
  assert.equal(describeSchedule(daily('03:00')), 'every day at 03:00');
  assert.equal(
    describeSchedule({ kind: 'weekly', weekday: 'sunday', time: '03:00' }),
    'every Sunday at 03:00',
  );

  assert.deepEqual(parseScheduleText('every 6h'), { kind: 'interval', hours: 6 });
  assert.deepEqual(parseScheduleText('12 hours'), { kind: 'interval', hours: 12 });
  assert.deepEqual(parseScheduleText('daily 03:00'), daily('03:00'));
  assert.deepEqual(parseScheduleText('every day at 23:15'.replace(' at', '')), daily('23:15'));
  assert.deepEqual(parseScheduleText('weekly sunday 03:00'), {
    kind: 'weekly',
    weekday: 'sunday',
    time: '03:00',
  });
  assert.deepEqual(parseScheduleText('Sun@04:30'), { kind: 'weekly', weekday: 'sunday', time: '04:30' });
  for (const bad of [
    'daily 3am',
    'daily 24:00',
    'every 0h',
    'weekly funday 03:00',
    'sometimes',
    'every 9999h',
  ]) {
    assert.throws(
      () => parseScheduleText(bad),
      (err: unknown) => err instanceof ContractError && err.code === 'bad-arguments',
      bad,
    );
  }
});

test('the schedule schema refuses malformed schedules', () => {
  assert.equal(scheduleSchema.safeParse({ kind: 'daily', time: '3:00' }).success, false);
  assert.equal(scheduleSchema.safeParse({ kind: 'interval', hours: 1.5 }).success, false);
  assert.equal(scheduleSchema.safeParse({ kind: 'weekly', weekday: 0, time: '03:00' }).success, false);
  assert.equal(scheduleSchema.safeParse({ kind: 'daily', time: '03:00', extra: 1 }).success, false);
  assert.equal(scheduleSchema.safeParse({ kind: 'weekly', weekday: 'friday', time: '18:45' }).success, true);
});
