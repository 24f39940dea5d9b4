// "Back up now" with an optional name (checked live against the contract's rules),
// the running backup's progress, and how old the newest backup is.
import { useId, useState } from 'react';
import { backupNameSchema } from '../../../../shared/contract';
import type { JobInfo, LibraryOverview } from '../../../../shared/types';
import { useBridge } from '../../bridge/bridge-context';
import { JobRunStatus } from '../../components/JobRunStatus';
import { NameStartForm, nameProblem } from '../../components/NameStartForm';
import { Notice } from '../../components/Notice';
import { formatRelative, plural } from '../../format';
import { useJobs } from '../../hooks/jobs-context';
import { useNow } from '../../hooks/useNow';
import { useStartJob } from '../../hooks/useStartJob';
import { isBackupMeta } from '../../schemas';

export function BackupNowCard({ overview }: { overview: LibraryOverview }) {
  const bridge = useBridge();
  const { jobs } = useJobs();
  const now = useNow();
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

  const problem = nameProblem(backupNameSchema, name);
  const otherBackup = jobs.find(
    (job) => job.kind === 'backup' && job.state === 'running' && job.id !== backup.jobId,
  );
  const shownJob = backup.job?.state === 'running' ? backup.job : (otherBackup ?? null);
  const busy = backup.running || otherBackup !== undefined;
  const newest = overview.newestBackup;

  const start = (n: string) => {
    setOutcome(null);
    void backup.start(n === '' ? {} : { name: n });
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
      <NameStartForm
        label="Backup name (optional)"
        placeholder="e.g. before-rescan"
        buttonLabel="Back up now"
        name={name}
        onNameChange={setName}
        problem={problem}
        disabled={busy}
        onStart={start}
      />
      <JobRunStatus
        noun="backup"
        running={shownJob}
        starting={backup.starting}
        startError={backup.startError}
        outcome={outcome}
        cancelledText="The backup was cancelled; nothing was saved."
      >
        {outcome?.state === 'succeeded' && (
          <Notice tone="success">
            Backup created
            {isBackupMeta(outcome.result) ? `: ${outcome.result.name ?? outcome.result.id}` : ''}.
          </Notice>
        )}
      </JobRunStatus>
    </section>
  );
}
