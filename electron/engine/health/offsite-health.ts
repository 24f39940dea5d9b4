// Is the library copied off this machine? A destination's last copy against a
// threshold: past it, "Not copied off this machine for N days". The clock is passed in.
import type { DestinationHealth } from '../../../shared/destination-types';
import { formatAge } from './age-text';

/** Three days without a copy is worth a warning: a laptop away for a weekend is not. */
export const OFFSITE_THRESHOLD_MS = 3 * 24 * 60 * 60 * 1000;

const DAY_MS = 24 * 60 * 60 * 1000;

export function offsiteHealth(
  lastCopy: string | null,
  now: Date,
  thresholdMs: number = OFFSITE_THRESHOLD_MS,
): DestinationHealth {
  const at = lastCopy === null ? null : new Date(lastCopy);
  if (at === null || Number.isNaN(at.getTime())) {
    return { level: 'warning', text: 'Never copied off this machine.' };
  }
  const age = now.getTime() - at.getTime();
  if (age >= thresholdMs) {
    const days = Math.floor(age / DAY_MS);
    return {
      level: 'warning',
      text: `Not copied off this machine for ${days} ${days === 1 ? 'day' : 'days'}.`,
    };
  }
  return { level: 'ok', text: `Copied ${formatAge(age)}.` };
}

/** The worst of several destinations' health: one stale copy is enough to warn. */
export function worstOffsiteHealth(all: readonly DestinationHealth[]): DestinationHealth | null {
  return all.find((h) => h.level === 'warning') ?? all[0] ?? null;
}
