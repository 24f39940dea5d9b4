// A running job: what it is doing, how far it is, how long is left, and Cancel.
import { useId } from 'react';
import type { JobInfo } from '../../../shared/types';
import { formatBytes, formatEta, formatPercent } from '../format';
import { CancelJobButton } from './CancelJobButton';
import { ProgressBar } from './ProgressBar';

export function JobProgress({ job, showTitle = false }: { job: JobInfo; showTitle?: boolean }) {
  const labelId = useId();
  const { progress } = job;
  const eta = formatEta(progress.etaSeconds);
  const bytes =
    progress.bytesTotal !== null &&
    progress.bytesTotal !== undefined &&
    progress.bytesDone !== null &&
    progress.bytesDone !== undefined
      ? `${formatBytes(progress.bytesDone)} of ${formatBytes(progress.bytesTotal)}`
      : null;
  return (
    <div className="job-progress">
      <div className="job-progress-text">
        <span id={labelId} className="job-progress-label">
          {showTitle ? `${job.title}: ` : ''}
          {progress.label || 'Starting…'}
        </span>
        <span className="job-progress-numbers">
          {formatPercent(progress.fraction)}
          {bytes && ` · ${bytes}`}
          {eta && ` · ${eta}`}
        </span>
      </div>
      <div className="job-progress-bar-row">
        <ProgressBar fraction={progress.fraction} labelledBy={labelId} />
        {job.state === 'running' && <CancelJobButton jobId={job.id} describedBy={labelId} />}
      </div>
    </div>
  );
}
