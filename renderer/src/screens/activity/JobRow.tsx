// One job in the activity list: what it was, how it ended, how long it took.
import type { JobInfo, JobState } from '../../../../shared/types';
import { JobProgress } from '../../components/JobProgress';
import { jobOutcomeLine } from './job-outcome';
import { formatCount, formatDateTime, formatDuration, formatRelative } from '../../format';

const STATE_LABELS: Record<JobState, string> = {
  running: 'Running',
  succeeded: 'Succeeded',
  partial: 'Partly done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** "Partly done: 18 of 20 analysed" when the job counted its items; the bare state otherwise. */
export function stateLabel(job: JobInfo): string {
  const label = STATE_LABELS[job.state] ?? job.state;
  const tally = job.tally;
  if (job.state !== 'partial' || !tally) return label;
  return `${label}: ${formatCount(tally.done)} of ${formatCount(tally.total)} ${tally.verb}`;
}

function durationSeconds(job: JobInfo, now: number): number | null {
  const start = Date.parse(job.startedAt);
  const end = job.finishedAt ? Date.parse(job.finishedAt) : now;
  return Number.isNaN(start) || Number.isNaN(end) ? null : Math.max(0, (end - start) / 1000);
}

export function JobRow({ job, now }: { job: JobInfo; now: number }) {
  const seconds = durationSeconds(job, now);
  const outcome = jobOutcomeLine(job);
  return (
    <li className="job-row">
      <div className="job-row-head">
        <span className={`state-badge state-${job.state}`}>{stateLabel(job)}</span>
        <span className="job-row-title">{job.title}</span>
        <span className="job-row-meta muted">
          <span title={formatDateTime(job.startedAt)}>Started {formatRelative(job.startedAt, now)}</span>
          {seconds !== null &&
            ` · ${job.state === 'running' ? 'running for' : 'took'} ${formatDuration(seconds)}`}
        </span>
      </div>
      {job.state === 'running' && <JobProgress job={job} />}
      {outcome && <p className="job-row-outcome muted">{outcome}</p>}
      {job.state === 'failed' && job.error && <p className="job-row-error">{job.error}</p>}
      {job.state === 'cancelled' && <p className="muted">{job.error ?? 'Cancelled before it finished.'}</p>}
    </li>
  );
}
