// One line under a finished job in Activity saying what it did, for the kinds whose
// result is worth a sentence (a cleanup: what it removed and the space it freed; a copy:
// what each destination got; a recovery: what it wrote where).
import type { JobInfo } from '../../../../shared/types';
import { formatBytes, plural } from '../../format';
import { isCleanupOutcome } from '../../schemas';
import { parseCopyResult, parseRecoverResult } from '../destinations/copy-result';

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
  const copied = job.kind === 'copy' ? parseCopyResult(job.result) : null;
  if (copied) {
    return copied
      .map((o) =>
        o.status === 'failed'
          ? `Nothing copied to “${o.name}”: ${o.error ?? 'the copy failed.'}`
          : o.status === 'copied'
            ? `Copied ${plural(o.snapshotsCopied, 'snapshot')} to “${o.name}”.`
            : `“${o.name}” was up to date.`,
      )
      .join(' ');
  }
  const recovered = job.kind === 'recover' ? parseRecoverResult(job.result) : null;
  if (recovered) {
    return `Recovered ${plural(recovered.filesRestored, 'file')} (${formatBytes(recovered.bytesRestored)}); the library database is ${recovered.databasePath}.`;
  }
  return null;
}
