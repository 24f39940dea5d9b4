// Local wall-clock arithmetic. Schedules say "03:00" in the user's time zone, so
// they are built with the local Date constructor, which resolves DST for us: a time
// skipped by the spring-forward jump moves forward by the gap (02:30 -> 03:30), and
// a time repeated in autumn resolves to its first occurrence.
import { WEEKDAYS } from '../../../shared/schedule-types';
import type { Weekday } from '../../../shared/schedule-types';

export interface TimeOfDay {
  hour: number;
  minute: number;
}

/** `HH:MM` (already validated by the schema) to numbers. */
export function parseTimeOfDay(text: string): TimeOfDay {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  if (!match) throw new Error(`Not a time of day: ${text}`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

/** The instant at `time` on the local calendar day `dayOffset` days after `day`'s. */
export function localTimeOnDay(day: Date, dayOffset: number, time: TimeOfDay): Date {
  return new Date(day.getFullYear(), day.getMonth(), day.getDate() + dayOffset, time.hour, time.minute, 0, 0);
}

/** 0 = Sunday, like Date#getDay. */
export function weekdayIndex(weekday: Weekday): number {
  return WEEKDAYS.indexOf(weekday);
}

/** `YYYY-MM-DD` of the local calendar day. */
export function localDateKey(d: Date): string {
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
}

export function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
