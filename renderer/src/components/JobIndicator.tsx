// Compact "what is running" in the sidebar footer; links to Activity for details.
import { formatPercent } from '../format';
import { useJobs } from '../hooks/jobs-context';
import { routeHref } from '../hooks/useHashRoute';
import { ProgressBar } from './ProgressBar';

export function JobIndicator() {
  const { jobs } = useJobs();
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
      aria-label={`${running.length} job${running.length === 1 ? '' : 's'} running: ${first.title}, ${formatPercent(first.progress.fraction)}. Show activity.`}
    >
      <span className="job-indicator-title">
        <span className="spinner" aria-hidden="true" />
        {first.title}
      </span>
      <ProgressBar fraction={first.progress.fraction} label={`${first.title} progress`} />
      <span className="job-indicator-detail">
        {formatPercent(first.progress.fraction)}
        {more > 0 && ` · ${more} more running`}
      </span>
    </a>
  );
}
