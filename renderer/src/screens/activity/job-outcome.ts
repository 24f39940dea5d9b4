// One line under a finished job in Activity saying what it did, for the kinds whose
// result is worth a sentence (a cleanup: what it removed and the space it freed).
import type { JobInfo } from '../../../../shared/types';
import { formatBytes, plural } from '../../format';
import { isCleanupOutcome } from '../../schemas';

export function jobOutcomeLine(job: JobInfo): string | null {
  if (job.state === 'running' || job.state === 'cancelled') return null;
  if (job.kind === 'cleanup' && isCleanupOutcome(job.result)) {
    const r = job.result;
    const failed = r.failures?.length ?? 0;
    const removed =
      r.removed.length === 0
        ? 'Nothing to remove'
        : `Removed ${plural(r.removed.length, 'backup')}, ${formatBytes(r.freedBytes ?? 0)} freed`;
    return failed > 0 ? `${removed}; ${plural(failed, 'backup')} could not be removed.` : `${removed}.`;
  }
  return null;
}
