// Durations in the words people use for "how long ago": coarse on purpose, because
// "3 hours ago" reads faster than "3 h 12 min ago" in a tray menu or status line.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function count(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** "less than a minute", "5 minutes", "3 hours", "2 days", "3 weeks", "4 months", "2 years". */
export function formatSpan(ms: number): string {
  const span = Math.max(0, ms);
  if (span < MINUTE) return 'less than a minute';
  if (span < HOUR) return count(Math.floor(span / MINUTE), 'minute');
  if (span < 2 * DAY) return count(Math.floor(span / HOUR), 'hour');
  if (span < 14 * DAY) return count(Math.floor(span / DAY), 'day');
  if (span < 60 * DAY) return count(Math.floor(span / (7 * DAY)), 'week');
  if (span < 365 * DAY) return count(Math.floor(span / (30 * DAY)), 'month');
  return count(Math.floor(span / (365 * DAY)), 'year');
}

/** "just now" under a minute (also for a time slightly in the future: clocks differ), else "<span> ago". */
export function formatAge(ms: number): string {
  return ms < MINUTE ? 'just now' : `${formatSpan(ms)} ago`;
}
