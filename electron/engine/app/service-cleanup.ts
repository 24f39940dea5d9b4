// Cleanup and retention as jobs (issue 12): they delete backups, so like backups and
// restores they run as visible jobs with progress, an Activity entry and what they
// freed, and a run in which some deletions failed reads as partly done, never as
// succeeded.
import type { CleanupResult } from '../../../shared/types';
import type { JobVerdict } from '../runtime/jobs';

export const CLEANUP_TITLE = 'Cleaning up old backups';
export const RETENTION_TITLE = 'Pruning old backups';
export const SCHEDULED_RETENTION_TITLE = 'Pruning old backups after the scheduled backup';

/** Removed of planned (removed + failed); none removed of several is a failure with the first reason. */
export function cleanupVerdict(result: Pick<CleanupResult, 'removed' | 'failures'>): JobVerdict {
  const failures = result.failures ?? [];
  const total = result.removed.length + failures.length;
  const first = failures[0];
  return {
    tally: { done: result.removed.length, total, verb: 'removed' },
    noneDone:
      `None of the ${total} backups could be removed` +
      (first ? ` (${first.id}: ${first.error}).` : '.') +
      ' They are all still there.',
  };
}
