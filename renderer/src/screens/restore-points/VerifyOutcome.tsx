// What the last verify of this restore point found: progress while it runs, then
// "intact" or each problem as its own sentence.
import type { JobInfo } from '../../../../shared/types';
import { ErrorNotice } from '../../components/ErrorNotice';
import { JobProgress } from '../../components/JobProgress';
import { Notice } from '../../components/Notice';
import { isVerifyResult } from '../../schemas';

export function VerifyOutcome({ job, startError }: { job: JobInfo | null; startError: string | null }) {
  if (startError) return <ErrorNotice title="Could not start verifying." message={startError} />;
  if (!job) return null;
  if (job.state === 'running') return <JobProgress job={job} />;
  if (job.state === 'cancelled') return <Notice tone="info">Verification was cancelled.</Notice>;
  if (job.state === 'failed')
    return <ErrorNotice title="Verification could not finish." message={job.error} />;
  const result = isVerifyResult(job.result) ? job.result : null;
  if (!result || result.ok) {
    return (
      <div role="status">
        <Notice tone="success">Verified: the backup file is intact and matches its checksum.</Notice>
      </div>
    );
  }
  return (
    <div className="notice notice-error" role="alert">
      <strong className="notice-title">Verification found problems:</strong>
      <ul className="problem-list">
        {result.problems.map((problem, i) => (
          <li key={i}>{problem}</li>
        ))}
      </ul>
    </div>
  );
}
