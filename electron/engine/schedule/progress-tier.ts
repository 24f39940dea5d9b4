// Backups during a rescan: every N analysed tracks, in tiers (e.g. every 25 tracks
// "frequent", every 100 "moderate", every 500 "milestone"), so a crash late in a
// 26-hour analysis loses minutes of work, and retention can thin the frequent ones.
import { DEFAULT_PROGRESS_TIERS, PROGRESS_TIERS } from '../../../shared/schedule-types';
import type { ProgressTier, ProgressTiers } from '../../../shared/schedule-types';

/** Strongest first: when 500 is also a multiple of 25 and 100, the backup is a milestone. */
const STRONGEST_FIRST: readonly ProgressTier[] = [...PROGRESS_TIERS].reverse();

/**
 * The tier of backup owed now that `analysedSoFar` tracks are analysed, or null.
 * The scanner commits in batches (50 at a time), so counts jump; pass the count at
 * the previous call as `analysedBefore` and any multiple crossed in between counts.
 * Without it, only exact multiples fire.
 */
export function progressBackupTier(
  analysedSoFar: number,
  tiers: ProgressTiers = DEFAULT_PROGRESS_TIERS,
  analysedBefore: number = analysedSoFar - 1,
): ProgressTier | null {
  if (!Number.isFinite(analysedSoFar) || analysedSoFar <= 0 || analysedBefore >= analysedSoFar) return null;
  const before = Math.max(0, analysedBefore);
  for (const tier of STRONGEST_FIRST) {
    const every = tiers[tier];
    if (!every || every < 1) continue;
    if (Math.floor(analysedSoFar / every) > Math.floor(before / every)) return tier;
  }
  return null;
}
