// "Take snapshot": the audio folders and the database into the repository, with
// progress (bytes, files, ETA) and Cancel, then what came of it: created, unchanged
// (nothing new was stored) or partial (with the files that could not be read).
import { useState } from 'react';
import { snapshotNameSchema } from '../../../../shared/repository-types';
import type { JobInfo } from '../../../../shared/types';
import { useBridge } from '../../bridge/bridge-context';
import { JobRunStatus } from '../../components/JobRunStatus';
import { NameStartForm, nameProblem } from '../../components/NameStartForm';
import { Notice } from '../../components/Notice';
import { formatBytes, formatCount, plural } from '../../format';
import { useJobs } from '../../hooks/jobs-context';
import { useStartJob } from '../../hooks/useStartJob';
import { parseSnapshotResult, type SnapshotOutcome } from '../snapshots/snapshot-result';

function OutcomeNotice({ result }: { result: SnapshotOutcome }) {
  const added = `${plural(result.filesNew, 'new file')}, ${plural(result.filesChanged, 'changed file')}, ${formatBytes(result.dataAdded)} added`;
  if (result.status === 'unchanged') {
    return (
      <Notice tone="info">
        Nothing changed since the newest snapshot{result.snapshot ? ` (${result.snapshot.shortId})` : ''}, so
        no new one was made.
      </Notice>
    );
  }
  const id = result.snapshot ? (result.snapshot.name ?? result.snapshot.shortId) : '';
  if (result.status === 'created') {
    return (
      <Notice tone="success">
        Snapshot created: {id} — {added}.
      </Notice>
    );
  }
  return (
    <Notice tone="warning">
      <strong className="notice-title">
        Snapshot {id} is partial: {plural(result.unreadable.length, 'file')} could not be read and{' '}
        {result.unreadable.length === 1 ? 'is' : 'are'} not in it.
      </strong>
      <span>
        Everything else was stored ({added}). Check that these files can be opened, then take another
        snapshot.
      </span>
      <ul className="problem-list" aria-label="Files not in the snapshot">
        {result.unreadable.slice(0, 50).map((f) => (
          <li key={f.path}>
            <span className="mono">{f.path}</span> — {f.reason}
          </li>
        ))}
        {result.unreadable.length > 50 && <li>…and {formatCount(result.unreadable.length - 50)} more.</li>}
      </ul>
    </Notice>
  );
}

export function SnapshotNow({ disabled }: { disabled: boolean }) {
  const bridge = useBridge();
  const { jobs } = useJobs();
  const [name, setName] = useState('');
  const [outcome, setOutcome] = useState<JobInfo | null>(null);
  const snap = useStartJob(
    (args: { name?: string }) => bridge.startSnapshot(args),
    (job) => {
      setOutcome(job);
      if (job.state === 'succeeded') setName('');
    },
  );
  const problem = nameProblem(snapshotNameSchema, name);
  const other = jobs.find((j) => j.kind === 'snapshot' && j.state === 'running' && j.id !== snap.jobId);
  const shownJob = snap.job?.state === 'running' ? snap.job : (other ?? null);
  const busy = snap.running || other !== undefined;
  const result = outcome ? parseSnapshotResult(outcome.result) : null;
  const items = shownJob?.progress.items;

  const start = (n: string) => {
    setOutcome(null);
    void snap.start(n === '' ? {} : { name: n });
  };

  return (
    <div className="snapshot-now">
      <NameStartForm
        label="Snapshot name (optional)"
        placeholder="e.g. before-retag"
        buttonLabel="Take snapshot"
        name={name}
        onNameChange={setName}
        problem={problem}
        disabled={disabled || busy}
        onStart={start}
      />
      <JobRunStatus
        noun="snapshot"
        running={shownJob}
        runningDetail={
          items &&
          items.total > 0 && (
            <p className="muted small" aria-live="off">
              {formatCount(items.done)} of {plural(items.total, 'file')}
              {items.current ? ` · ${items.current}` : ''}
            </p>
          )
        }
        starting={snap.starting}
        startError={snap.startError}
        outcome={outcome}
        cancelledText="The snapshot was cancelled; nothing was stored."
      >
        {(outcome?.state === 'succeeded' || outcome?.state === 'partial') && result && (
          <OutcomeNotice result={result} />
        )}
      </JobRunStatus>
    </div>
  );
}
