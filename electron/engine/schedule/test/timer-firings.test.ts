// The OS timer's rhythm for owed copies (timer-firings.ts): the moments it fires, as
// computed and as systemd reads the written unit, and what that rhythm gives a
// destination's retries and own schedule while the app is closed, driven through the
// real back-off and own-schedule rules on a simulated calendar (no wall clock).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { Schedule } from '../../../../shared/schedule-types';
import { dueInRound } from '../../destinations/copy-round';
import { emptyCopyRetryState, withAttemptRecorded, type CopyRetryState } from '../../destinations/copy-retry';
import { ownCopyDue } from '../../destinations/copy-schedule';
import { launchdPlist } from '../os-timer/launchd-plist';
import { systemdUnits } from '../os-timer/systemd-units';
import { nextTimerFiring, timerPlan, type TimerPlan } from '../os-timer/timer-firings';
import type { TimerCommand } from '../os-timer/timer-command';
import { windowsTaskXml } from '../os-timer/windows-task';

const DAILY: Schedule = { kind: 'daily', time: '03:07' };
const WEEKLY: Schedule = { kind: 'weekly', weekday: 'sunday', time: '04:30' };
const EVERY_6H: Schedule = { kind: 'interval', hours: 6 };
const COMMAND: TimerCommand = { program: '/usr/bin/node', args: ['/b.js', 'schedule', 'run'] };
const MIN = 60_000;
const HOUR = 60 * MIN;

/** 10 May 2024 (a Friday), local time. */
function at(hour: number, minute: number, day = 10): Date {
  return new Date(2024, 4, day, hour, minute);
}

test('with destinations the timer fires every 15 minutes besides the backup moment; without, at that moment only', () => {
  const bare = timerPlan(DAILY, 0);
  const withDest = timerPlan(DAILY, 2);
  assert.equal(bare.copyCheckMinutes, null);
  assert.equal(withDest.copyCheckMinutes, 15);
  assert.deepEqual(nextTimerFiring(bare, at(10, 0)), at(3, 7, 11));
  assert.deepEqual(nextTimerFiring(withDest, at(10, 0)), at(10, 15));
  assert.deepEqual(nextTimerFiring(withDest, at(2, 59)), at(3, 0));
  assert.deepEqual(nextTimerFiring(withDest, at(3, 0)), at(3, 7), "the backup's own moment is kept");
  assert.deepEqual(nextTimerFiring(withDest, at(3, 7)), at(3, 15));
  assert.deepEqual(nextTimerFiring(withDest, new Date(2024, 4, 10, 23, 50, 30)), at(0, 0, 11));
  assert.deepEqual(nextTimerFiring(timerPlan(EVERY_6H, 0), at(10, 20)), at(11, 0));
  assert.deepEqual(nextTimerFiring(timerPlan(EVERY_6H, 1), at(10, 20)), at(10, 30));
  assert.deepEqual(nextTimerFiring(timerPlan(WEEKLY, 0), at(10, 0)), at(4, 30, 12));
});

test('the written files carry the copy cadence only with destinations', () => {
  const plain = systemdUnits('u', DAILY, COMMAND, 'd');
  const copies = systemdUnits('u', DAILY, COMMAND, 'd', 15);
  assert.deepEqual(plain.timer.match(/^OnCalendar=.*$/gm), ['OnCalendar=*-*-* 03:07:00']);
  assert.deepEqual(copies.timer.match(/^OnCalendar=.*$/gm), [
    'OnCalendar=*-*-* 03:07:00',
    'OnCalendar=*-*-* *:00/15:00',
  ]);
  const plist = launchdPlist('l', DAILY, COMMAND, '/log', 15);
  const dicts = plist
    .slice(plist.indexOf('StartCalendarInterval'))
    .split('<array>')[1]!
    .split('</array>')[0]!;
  assert.deepEqual(
    [...dicts.matchAll(/<key>Minute<\/key>\n\s*<integer>(\d+)<\/integer>/g)].map((m) => Number(m[1])),
    [7, 0, 15, 30, 45],
  );
  assert.ok(dicts.includes('<key>Hour</key>\n    <integer>3</integer>'));
  for (const tag of ['dict', 'array', 'plist']) {
    assert.equal(plist.split(`<${tag}`).length, plist.split(`</${tag}>`).length, tag);
  }
  assert.equal(launchdPlist('l', DAILY, COMMAND, '/log'), launchdPlist('l', DAILY, COMMAND, '/log', null));
  const xml = windowsTaskXml('t', DAILY, COMMAND, 'd', 15);
  assert.equal(xml.split('<CalendarTrigger>').length - 1, 2);
  assert.ok(xml.includes('<Interval>PT15M</Interval>'));
  assert.ok(!windowsTaskXml('t', DAILY, COMMAND, 'd').includes('PT15M'));
});

/** The moments systemd computes for the unit's OnCalendar lines, merged and sorted. */
function systemdElapses(timerUnit: string, base: Date, count: number): Date[] | null {
  const lines = [...timerUnit.matchAll(/^OnCalendar=(.*)$/gm)].map((m) => m[1]!);
  const stamp = (d: Date): string =>
    `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')} ${d.toTimeString().slice(0, 8)}`;
  const res = spawnSync(
    'systemd-analyze',
    ['calendar', `--iterations=${count}`, `--base-time=${stamp(base)}`, ...lines],
    { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } },
  );
  if (res.error || res.status !== 0) return null;
  const found = [
    ...res.stdout.matchAll(/(?:Next elapse|Iter\. #\d+): \w{3} (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)/g),
  ].map((m) => new Date(m[1]!.replace(' ', 'T')));
  return [...new Set(found.map((d) => d.getTime()))]
    .sort((a, b) => a - b)
    .slice(0, count)
    .map((t) => new Date(t));
}

test('systemd fires the written unit at the computed moments', (t) => {
  const plan = timerPlan(DAILY, 1);
  const unit = systemdUnits('u', plan.schedule, COMMAND, 'd', plan.copyCheckMinutes).timer;
  const base = at(2, 50);
  const fromSystemd = systemdElapses(unit, base, 6);
  if (fromSystemd === null) {
    t.skip('systemd-analyze calendar is not available here');
    return;
  }
  const computed: Date[] = [];
  for (let d = base; computed.length < 6;) computed.push((d = nextTimerFiring(plan, d)));
  assert.deepEqual(computed, [at(3, 0), at(3, 7), at(3, 15), at(3, 30), at(3, 45), at(4, 0)]);
  assert.deepEqual(fromSystemd, computed);
});

/**
 * Two days with the app closed, a daily 03:07 backup schedule and two destinations:
 * "usb" with its own "every 6 hours", "cloud" unreachable the whole time. At each timer
 * firing, the owed-copies step's choice (dueInRound) is made and recorded as the run does.
 */
function simulate(plan: TimerPlan): { usb: Date[]; cloud: Date[] } {
  const start = at(9, 40);
  const end = new Date(start.getTime() + 48 * HOUR);
  let usbLastCopy = start.toISOString();
  let state: CopyRetryState = withAttemptRecorded(emptyCopyRetryState(), 'cloud', start, 'unreachable');
  const made = { usb: [] as Date[], cloud: [] as Date[] };
  const ownDue = (name: string, now: Date): boolean =>
    name === 'usb' && ownCopyDue({ copyEveryHours: 6, lastCopy: usbLastCopy }, now);
  for (let now = nextTimerFiring(plan, start); now < end; now = nextTimerFiring(plan, now)) {
    for (const name of dueInRound(state, ['usb', 'cloud'], now, 'periodic', ownDue)) {
      made[name as 'usb' | 'cloud'].push(now);
      // A copy to usb takes five minutes; cloud fails at once.
      const done = new Date(now.getTime() + (name === 'usb' ? 5 * MIN : 0));
      if (name === 'usb') usbLastCopy = done.toISOString();
      state = withAttemptRecorded(state, name, done, name === 'usb' ? null : 'unreachable');
    }
  }
  return made;
}

function gapsMinutes(times: Date[], from: Date): number[] {
  return times.map((t, i) => (t.getTime() - (i === 0 ? from : times[i - 1]!).getTime()) / MIN);
}

test('closed app: retries follow the back-off and own-schedule copies their interval, within 15 minutes', () => {
  const made = simulate(timerPlan(DAILY, 2));
  // usb: every 6 h counted from the last copy's end, made at the first firing after.
  const usbGaps = gapsMinutes(made.usb, at(9, 40));
  assert.ok(usbGaps.length >= 7, `usb copies: ${usbGaps.join(', ')}`);
  for (const g of usbGaps) assert.ok(g >= 360 && g <= 360 + 5 + 15, `usb gap ${g} min`);
  // cloud: one attempt per slot (15, 30, 60, 120, 240 min, then 6 h), never a burst.
  const cloudGaps = gapsMinutes(made.cloud, at(9, 40));
  const slots = [15, 30, 60, 120, 240, 360, 360, 360];
  assert.ok(cloudGaps.length >= slots.length, `cloud attempts: ${cloudGaps.join(', ')}`);
  slots.forEach((slot, i) => {
    const g = cloudGaps[i]!;
    assert.ok(g >= slot && g < slot + 15, `cloud attempt ${i + 1}: ${g} min after the last, slot ${slot}`);
  });

  // Without the cadence the same two days give one chance a day.
  const bare = simulate(timerPlan(DAILY, 0));
  assert.equal(bare.usb.length, 2);
  assert.equal(bare.cloud.length, 2);
});
