// "Back up now" with an optional name (checked live against the contract's rules),
// the running backup's progress, and how old the newest backup is.
import { useId, useState, type FormEvent } from 'react';
import { backupNameSchema } from '../../../../shared/contract';
import type { JobInfo, LibraryOverview } from '../../../../shared/types';
import { useBridge } from '../../bridge/bridge-context';
import { ErrorNotice } from '../../components/ErrorNotice';
import { JobProgress } from '../../components/JobProgress';
import { Notice } from '../../components/Notice';
import { formatRelative, plural } from '../../format';
import { useJobs } from '../../hooks/jobs-context';
import { useNow } from '../../hooks/useNow';
import { useStartJob } from '../../hooks/useStartJob';
import { isBackupMeta } from '../../schemas';

/** The first rule the name breaks, or null when it is fine (empty means "no name"). */
function nameProblem(name: string): string | null {
  if (name === '') return null;
  const parsed = backupNameSchema.safeParse(name);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? 'This name cannot be used.');
}

export function BackupNowCard({ overview }: { overview: LibraryOverview }) {
  const bridge = useBridge();
  const { jobs } = useJobs();
  const now = useNow();
  const fieldId = useId();
  const problemId = useId();
  const headingId = useId();
  const [name, setName] = useState('');
  const [outcome, setOutcome] = useState<JobInfo | null>(null);

  const backup = useStartJob(
    (args: { name?: string }) => bridge.startBackup(args),
    (job) => {
      setOutcome(job);
      if (job.state === 'succeeded') setName('');
    },
  );

  const problem = nameProblem(name);
  const otherBackup = jobs.find(
    (job) => job.kind === 'backup' && job.state === 'running' && job.id !== backup.jobId,
  );
  const shownJob = backup.job?.state === 'running' ? backup.job : (otherBackup ?? null);
  const busy = backup.running || otherBackup !== undefined;
  const newest = overview.newestBackup;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (problem || busy) return;
    setOutcome(null);
    void backup.start(name === '' ? {} : { name });
  };

  return (
    <section className="card" aria-labelledby={headingId}>
      <div className="card-header">
        <h2 id={headingId}>Back up</h2>
        <span className="card-header-note">
          {newest?.createdAt
            ? `Newest backup: ${formatRelative(newest.createdAt, now)}`
            : (overview.health?.text ?? 'No backups yet')}
          {overview.backupCount > 0 && ` · ${plural(overview.backupCount, 'restore point')}`}
        </span>
      </div>
      <form className="backup-form" onSubmit={submit} noValidate>
        <label htmlFor={fieldId}>Backup name (optional)</label>
        <div className="backup-form-row">
          <input
            id={fieldId}
            className="input"
            type="text"
            value={name}
            maxLength={200}
            placeholder="e.g. before-rescan"
            autoComplete="off"
            spellCheck={false}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? problemId : undefined}
            onChange={(e) => setName(e.target.value)}
          />
          <button type="submit" className="button button-primary" disabled={busy || problem !== null}>
            Back up now
          </button>
        </div>
        {problem && (
          <p id={problemId} className="field-problem" role="alert">
            {problem}
          </p>
        )}
      </form>
      {shownJob && <JobProgress job={shownJob} />}
      {!shownJob && backup.starting && <p className="muted">Starting the backup…</p>}
      <ErrorNotice message={backup.startError} />
      <div role="status">
        {outcome?.state === 'failed' && <ErrorNotice title="The backup failed." message={outcome.error} />}
        {outcome?.state === 'cancelled' && (
          <Notice tone="info">The backup was cancelled; nothing was saved.</Notice>
        )}
        {outcome?.state === 'succeeded' && (
          <Notice tone="success">
            Backup created
            {isBackupMeta(outcome.result) ? `: ${outcome.result.name ?? outcome.result.id}` : ''}.
          </Notice>
        )}
      </div>
    </section>
  );
}
