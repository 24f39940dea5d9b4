// What retention never removes, whatever the policy says (even `keep-last 0`):
// the newest few, the newest verified backup and the one holding the most analysed
// tracks, because those are what a user reaches for after a bad rescan.
import type { BackupListEntry } from '../../../shared/types';

export const SAFETY_NEWEST_COUNT = 3;

export function isVerifiedOk(entry: BackupListEntry): boolean {
  return entry.meta?.lastVerified?.ok === true || entry.verified === true;
}

/** Analysed-track count from the metadata, read defensively (null when absent). */
export function analysedCount(entry: BackupListEntry): number | null {
  const analysed: unknown = (entry.meta?.stats as { analyzed?: unknown } | undefined)?.analyzed;
  return typeof analysed === 'number' && Number.isFinite(analysed) ? analysed : null;
}

/** `newestFirst` must be sorted newest first; ties go to the newer backup. */
export function newestVerified(newestFirst: readonly BackupListEntry[]): BackupListEntry | null {
  return newestFirst.find(isVerifiedOk) ?? null;
}

export function mostAnalysed(newestFirst: readonly BackupListEntry[]): BackupListEntry | null {
  let best: BackupListEntry | null = null;
  let bestCount = -1;
  for (const entry of newestFirst) {
    const count = analysedCount(entry);
    if (count !== null && count > bestCount) {
      best = entry;
      bestCount = count;
    }
  }
  return best;
}
