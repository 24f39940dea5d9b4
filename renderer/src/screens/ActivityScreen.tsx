// Running and finished jobs of this session, newest first, each with its outcome.
import { useJobs } from '../hooks/jobs-context';
import { useNow } from '../hooks/useNow';
import { JobRow } from './activity/JobRow';

export function ActivityScreen() {
  const { jobs } = useJobs();
  // Tick every second while something runs so "running for" stays current.
  const now = useNow(jobs.some((job) => job.state === 'running') ? 1_000 : 30_000);
  const running = jobs.filter((job) => job.state === 'running');
  const finished = jobs.filter((job) => job.state !== 'running');

  return (
    <div className="screen">
      <header className="screen-header">
        <h1>Activity</h1>
        <span className="screen-header-note">
          {running.length > 0 ? `${running.length} running` : 'Nothing running'}
        </span>
      </header>
      <div className="screen-body screen-scroll">
        {jobs.length === 0 && (
          <div className="empty-state">
            <p>No jobs yet.</p>
            <p className="muted">
              Backups, verifications, previews and restores show up here while they run and after.
            </p>
          </div>
        )}
        {running.length > 0 && (
          <section aria-label="Running jobs">
            <h2 className="section-title">Running</h2>
            <ul className="job-list">
              {running.map((job) => (
                <JobRow key={job.id} job={job} now={now} />
              ))}
            </ul>
          </section>
        )}
        {finished.length > 0 && (
          <section aria-label="Finished jobs">
            <h2 className="section-title">Finished</h2>
            <ul className="job-list">
              {finished.map((job) => (
                <JobRow key={job.id} job={job} now={now} />
              ))}
            </ul>
          </section>
        )}
      </div>
    </div>
  );
}
