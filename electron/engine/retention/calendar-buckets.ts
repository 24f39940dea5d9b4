// The local calendar period a backup falls in, per calendar rule. Retention keeps
// the newest backup of each of the last N periods that have backups, so these keys
// only need to be equal for backups in the same period.
import type { CalendarRule } from '../../../shared/schedule-types';
import { pad2 } from '../schedule/local-time';

const DAY_MS = 86_400_000;

/** ISO 8601 week (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeekKey(d: Date): string {
  const mondayBased = (d.getDay() + 6) % 7;
  // Day arithmetic on local calendar fields, in UTC, so DST cannot shift a day.
  const thursday = new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate() - mondayBased + 3));
  const year = thursday.getUTCFullYear();
  const dayOfYear = Math.round((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY_MS);
  return `${year}-W${pad2(Math.floor(dayOfYear / 7) + 1)}`;
}

export function calendarBucketKey(rule: CalendarRule, d: Date): string {
  const ymd = `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
  switch (rule) {
    case 'hourly':
      return `${ymd} ${pad2(d.getHours())}:00`;
    case 'daily':
      return ymd;
    case 'weekly':
      return isoWeekKey(d);
    case 'monthly':
      return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}`;
    case 'yearly':
      return String(d.getFullYear());
  }
}

export const CALENDAR_RULES: readonly CalendarRule[] = ['hourly', 'daily', 'weekly', 'monthly', 'yearly'];
