// When a schedule wants its next backup. Pure functions of (schedule, last run, now):
// the same answers drive the app's scheduler, `backbeat schedule run` and health.
import { ContractError } from '../../../shared/errors';
import { scheduleSchema, WEEKDAYS } from '../../../shared/schedule-types';
import type { Schedule, Weekday } from '../../../shared/schedule-types';
import { localTimeOnDay, parseTimeOfDay, weekdayIndex } from './local-time';
import { describeZodIssues } from '../../../shared/zod-issues';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * A last run this far in the future means the clock was set back (or the record came
 * from a machine with a wrong clock). Trusting it would silence the schedule until the
 * clock catches up, so such a record counts as no run at all.
 */
export const CLOCK_SET_BACK_TOLERANCE_MS = HOUR_MS;

/** The first scheduled moment strictly after `after`. */
export function nextDueAfter(schedule: Schedule, after: Date): Date {
  switch (schedule.kind) {
    case 'interval':
      return new Date(after.getTime() + schedule.hours * HOUR_MS);
    case 'daily': {
      const time = parseTimeOfDay(schedule.time);
      // Today's slot may have passed (or be the one just run); tomorrow's never has.
      for (let day = 0; ; day++) {
        const slot = localTimeOnDay(after, day, time);
        if (slot.getTime() > after.getTime()) return slot;
      }
    }
    case 'weekly': {
      const time = parseTimeOfDay(schedule.time);
      const wanted = weekdayIndex(schedule.weekday);
      for (let day = 0; ; day++) {
        // Ask the weekday at noon: a DST gap can never move noon onto another day.
        if (localTimeOnDay(after, day, { hour: 12, minute: 0 }).getDay() !== wanted) continue;
        const slot = localTimeOnDay(after, day, time);
        if (slot.getTime() > after.getTime()) return slot;
      }
    }
  }
}

/**
 * True when a backup is owed: there was none, or a scheduled moment has passed since
 * the last one. However many moments passed (a week asleep), the answer is one
 * "yes", and after that run the next moment is counted from the run: no burst.
 */
export function isDue(schedule: Schedule, lastRunAt: Date | null, now: Date): boolean {
  if (!lastRunAt || Number.isNaN(lastRunAt.getTime())) return true;
  if (lastRunAt.getTime() > now.getTime() + CLOCK_SET_BACK_TOLERANCE_MS) return true;
  return nextDueAfter(schedule, lastRunAt).getTime() <= now.getTime();
}

/** The nominal gap between scheduled backups (health warns at twice this). */
export function scheduleIntervalMs(schedule: Schedule): number {
  switch (schedule.kind) {
    case 'interval':
      return schedule.hours * HOUR_MS;
    case 'daily':
      return DAY_MS;
    case 'weekly':
      return 7 * DAY_MS;
  }
}

function capitalised(weekday: Weekday): string {
  return weekday.charAt(0).toUpperCase() + weekday.slice(1);
}

/** E.g. "every 6 hours", "every day at 03:00", "every Sunday at 03:00". */
export function describeSchedule(schedule: Schedule): string {
  switch (schedule.kind) {
    case 'interval':
      return schedule.hours === 1 ? 'every hour' : `every ${schedule.hours} hours`;
    case 'daily':
      return `every day at ${schedule.time}`;
    case 'weekly':
      return `every ${capitalised(schedule.weekday)} at ${schedule.time}`;
  }
}

function weekdayFromText(text: string): Weekday | null {
  const lower = text.toLowerCase().replace(/s$/, '');
  if (lower.length < 3) return null;
  return WEEKDAYS.find((d) => d.startsWith(lower)) ?? null;
}

const SCHEDULE_SYNTAX =
  'Write a schedule as "every 6h", "daily 03:00" or "weekly sunday 03:00" (times are local, 24-hour).';

/**
 * The CLI's schedule syntax: `every 6h` (or `6h`), `daily 03:00`, `weekly sunday 03:00`
 * (also `sun@03:00`). Throws a `bad-arguments` ContractError saying what is accepted.
 */
export function parseScheduleText(text: string): Schedule {
  const words = text.trim().toLowerCase().replace(/@/g, ' ').split(/\s+/).filter(Boolean);
  if (words[0] === 'every' && words[1] === 'day') words.splice(0, 2, 'daily');
  if (words[0] === 'every' || words[0] === 'interval') words.shift();
  const [first, second, third] = words;
  let candidate: unknown = null;
  const hours = first ? /^(\d+)(h|hours?)?$/.exec(first) : null;
  if (hours && (words.length === 1 || (words.length === 2 && /^hours?$/.test(second ?? '')))) {
    candidate = { kind: 'interval', hours: Number(hours[1]) };
  } else if (first === 'daily' && words.length === 2) {
    candidate = { kind: 'daily', time: second };
  } else if (first === 'weekly' && words.length === 3) {
    candidate = { kind: 'weekly', weekday: weekdayFromText(second ?? ''), time: third };
  } else if (first && words.length === 2 && weekdayFromText(first)) {
    candidate = { kind: 'weekly', weekday: weekdayFromText(first), time: second };
  }
  if (candidate === null)
    throw new ContractError('bad-arguments', `Unknown schedule "${text}". ${SCHEDULE_SYNTAX}`);
  const parsed = scheduleSchema.safeParse(candidate);
  if (!parsed.success) {
    const why = describeZodIssues(parsed.error);
    throw new ContractError('bad-arguments', `Invalid schedule "${text}": ${why} ${SCHEDULE_SYNTAX}`);
  }
  return parsed.data;
}
