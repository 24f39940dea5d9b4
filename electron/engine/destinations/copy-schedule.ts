// A destination's own copy schedule (`dest schedule NAME --every 6h`): one interval per
// destination, because destinations differ in what a copy costs (a disk at home, a
// metered cloud bucket) and a user sets each where they set it up. The interval counts
// from the last copy that finished, so a copy made by hand or after a scheduled
// snapshot pushes the next one back, and a machine that slept owes one copy, not many.
import { ContractError } from '../../../shared/errors';
import type { DestinationConfig } from '../repository/repo-config';

const HOUR_MS = 60 * 60 * 1000;

/** When the own schedule next wants a copy; null when the destination has none. Never copied: now. */
export function nextOwnCopyAt(
  d: Pick<DestinationConfig, 'copyEveryHours' | 'lastCopy'>,
  now: Date,
): Date | null {
  if (d.copyEveryHours === null) return null;
  const last = d.lastCopy === null ? Number.NaN : Date.parse(d.lastCopy);
  // A last copy "in the future" (a clock set back) must not silence the schedule for long.
  if (Number.isNaN(last) || last > now.getTime()) return now;
  return new Date(last + d.copyEveryHours * HOUR_MS);
}

export function ownCopyDue(d: Pick<DestinationConfig, 'copyEveryHours' | 'lastCopy'>, now: Date): boolean {
  const next = nextOwnCopyAt(d, now);
  return next !== null && next.getTime() <= now.getTime();
}

/** `6h`, `2d`, `1w`, or `off` (null). Hours are what the schedule keeps. */
export function parseCopyEvery(text: string): number | null {
  const t = text.trim().toLowerCase();
  if (t === 'off' || t === 'none') return null;
  const m = /^(\d{1,4})\s*([hdw])$/.exec(t);
  const hours = m ? Number(m[1]) * ({ h: 1, d: 24, w: 168 } as const)[m[2] as 'h' | 'd' | 'w'] : Number.NaN;
  if (!Number.isInteger(hours) || hours < 1 || hours > 720) {
    throw new ContractError(
      'bad-arguments',
      `"${text}" is not a copy interval: say how often, from 1h to 30d, e.g. --every 6h, --every 1d or --every off.`,
    );
  }
  return hours;
}

export function describeCopyEvery(hours: number | null): string {
  if (hours === null) return 'after scheduled snapshots only';
  if (hours % 168 === 0) return `every ${hours / 168 === 1 ? 'week' : `${hours / 168} weeks`}`;
  if (hours % 24 === 0) return `every ${hours / 24 === 1 ? 'day' : `${hours / 24} days`}`;
  return `every ${hours === 1 ? 'hour' : `${hours} hours`}`;
}
