// `within` spans like `30d` or `1y6m`, counted back from now on the local calendar
// (a month back from 31 March is the last day of February's overflow, as Date does it).
import { retentionDurationSchema } from '../../../shared/schedule-types';

export interface DurationParts {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
}

const UNIT_FIELD: Record<string, keyof DurationParts> = {
  y: 'years',
  m: 'months',
  w: 'weeks',
  d: 'days',
  h: 'hours',
};

export function parseRetentionDuration(text: string): DurationParts {
  const valid = retentionDurationSchema.parse(text);
  const parts: DurationParts = { years: 0, months: 0, weeks: 0, days: 0, hours: 0 };
  for (const match of valid.matchAll(/(\d+)([hdwmy])/g)) {
    const field = UNIT_FIELD[match[2] ?? ''];
    if (field) parts[field] += Number(match[1]);
  }
  return parts;
}

/** The earliest moment still "within" the span before `now`. */
export function startOfWithin(now: Date, text: string): Date {
  const p = parseRetentionDuration(text);
  const calendar = new Date(
    now.getFullYear() - p.years,
    now.getMonth() - p.months,
    now.getDate() - p.days - 7 * p.weeks,
    now.getHours(),
    now.getMinutes(),
    now.getSeconds(),
    now.getMilliseconds(),
  );
  // Hours are elapsed time, not wall-clock hours, so a DST change does not stretch them.
  return new Date(calendar.getTime() - p.hours * 3_600_000);
}

const UNIT_WORDS: [keyof DurationParts, string][] = [
  ['years', 'year'],
  ['months', 'month'],
  ['weeks', 'week'],
  ['days', 'day'],
  ['hours', 'hour'],
];

/** `1y6m` -> "1 year and 6 months". */
export function describeRetentionDuration(text: string): string {
  const p = parseRetentionDuration(text);
  const words = UNIT_WORDS.filter(([field]) => p[field] > 0).map(
    ([field, unit]) => `${p[field]} ${unit}${p[field] === 1 ? '' : 's'}`,
  );
  return joinWords(words);
}

/** ["a", "b", "c"] -> "a, b and c". */
export function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
