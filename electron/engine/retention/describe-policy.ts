// A retention policy in words, for the status line, the preview and `backbeat status`.
import { PROGRESS_TIERS } from '../../../shared/schedule-types';
import type { RetentionPolicy } from '../../../shared/schedule-types';
import { describeRetentionDuration, joinWords } from './duration';
import { SAFETY_NEWEST_COUNT } from './safety-net';

export const ALWAYS_KEPT_TEXT =
  `Always kept: pinned and named backups, the ${SAFETY_NEWEST_COUNT} newest, ` +
  'the newest verified one and the one with the most analysed tracks.';

/** No rule at all (not even `keep-last 0`): nothing is pruned. */
export function isEmptyPolicy(policy: RetentionPolicy): boolean {
  const tiers = policy.tiers ?? {};
  return (
    policy.keepLast === undefined &&
    policy.hourly === undefined &&
    policy.daily === undefined &&
    policy.weekly === undefined &&
    policy.monthly === undefined &&
    policy.yearly === undefined &&
    policy.within === undefined &&
    PROGRESS_TIERS.every((t) => tiers[t] === undefined)
  );
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

const CALENDAR_UNITS = [
  ['hourly', 'hour'],
  ['daily', 'day'],
  ['weekly', 'week'],
  ['monthly', 'month'],
  ['yearly', 'year'],
] as const;

export function describePolicy(policy: RetentionPolicy): string {
  if (isEmptyPolicy(policy)) return 'Keeps every backup (no retention policy).';
  const parts: string[] = [];
  if (policy.keepLast) {
    parts.push(policy.keepLast === 1 ? 'the newest backup' : `the ${policy.keepLast} newest backups`);
  }
  const periods = CALENDAR_UNITS.filter(([rule]) => (policy[rule] ?? 0) > 0).map(([rule, unit]) =>
    plural(policy[rule] ?? 0, unit),
  );
  if (periods.length > 0) {
    parts.push(`the newest backup of each of the last ${joinWords(periods)} that have backups`);
  }
  if (policy.within) parts.push(`every backup from the last ${describeRetentionDuration(policy.within)}`);
  const tiers = PROGRESS_TIERS.filter((t) => (policy.tiers?.[t] ?? 0) > 0).map(
    (t) => `${policy.tiers?.[t]} ${t}`,
  );
  if (tiers.length > 0) parts.push(`the newest ${joinWords(tiers)} rescan backups`);
  const keeps = parts.length > 0 ? `Keeps ${joinWords(parts)}.` : 'Keeps nothing beyond what is always kept.';
  return `${keeps} ${ALWAYS_KEPT_TEXT}`;
}
