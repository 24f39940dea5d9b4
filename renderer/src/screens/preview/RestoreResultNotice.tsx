// How a finished restore went, in sentences; names the safety backup so it can be undone.
import type { JobInfo } from '../../../../shared/types';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Notice } from '../../components/Notice';
import { plural } from '../../format';
import { isRestoreResult } from '../../schemas';

export function RestoreResultNotice({ job }: { job: JobInfo }) {
  if (job.state === 'failed') return <ErrorNotice title="The restore failed." message={job.error} />;
  if (job.state === 'cancelled') {
    return <Notice tone="info">The restore was cancelled; the library was left as it was.</Notice>;
  }
  if (job.state !== 'succeeded') return null;
  const result = isRestoreResult(job.result) ? job.result : null;
  if (!result) return <Notice tone="success">The restore finished.</Notice>;
  return (
    <Notice tone="success">
      <strong className="notice-title">
        Restored {plural(result.restored, 'track')}
        {result.mode === 'replace' ? ' by replacing the whole database.' : '.'}
      </strong>{' '}
      Safety backup: <span className="mono">{result.safetyBackupId}</span>
      {result.savedLivePath && (
        <>
          {' '}
          · The previous database was saved as <span className="mono">{result.savedLivePath}</span>
        </>
      )}
    </Notice>
  );
}
