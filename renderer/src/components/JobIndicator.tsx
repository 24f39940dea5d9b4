// Compact "what is running" in the sidebar footer; links to Activity for details.
// Its accessible name is deliberately generic ("1 job running"): job titles say
// things like "library" or "restore", and must not collide with screen names.
import { useId } from 'react';
import { formatPercent } from '../format';
import { useJobs } from '../hooks/jobs-context';
import { routeHref } from '../hooks/useHashRoute';
import { ProgressBar } from './ProgressBar';

export function JobIndicator() {
  const { jobs } = useJobs();
  const detailId = useId();
  const running = jobs.filter((job) => job.state === 'running');
  const first = running[0];
  if (!first) {
    return <div className="job-indicator job-indicator-idle">No jobs running</div>;
  }
  const more = running.length - 1;
  return (
    <a
      className="job-indicator"
      href={routeHref({ screen: 'activity' })}
      aria-label={`${running.length} job${running.length === 1 ? '' : 's'} running`}
      aria-describedby={detailId}
    >
      <span id={detailId} className="job-indicator-title">
        <span className="spinner" aria-hidden="true" />
        {first.title}
      </span>
      {/* The full progress bar (with Cancel) is on the job's own screen and in Activity. */}
      <span className="job-indicator-bar" aria-hidden="true">
        <ProgressBar fraction={first.progress.fraction} />
      </span>
      <span className="job-indicator-detail">
        {formatPercent(first.progress.fraction)}
        {more > 0 && ` · ${more} more running`}
      </span>
    </a>
  );
}
