// The job part of a form or dialog that starts one long job: its progress while it runs
// (what, how far, ETA, Cancel), "Starting the …" until the host answers, why it could
// not start, and how it ended (failed, cancelled, or the caller's own success notice).
import type { ReactNode } from 'react';
import type { JobInfo } from '../../../shared/types';
import { ErrorNotice } from './ErrorNotice';
import { JobProgress } from './JobProgress';
import { Notice } from './Notice';

interface JobRunStatusProps {
  /** What the job is, in a word: "export" gives "Starting the export…", "The export failed.". */
  noun: string;
  /** The running job to show (this form's, or the same kind started elsewhere); null when none runs. */
  running: JobInfo | null;
  /** Shown under the progress while it runs (counts of items, say). */
  runningDetail?: ReactNode;
  /** The start call is under way. */
  starting: boolean;
  /** Why the host refused to start it. */
  startError: string | null;
  /** How the last run ended; null before the first or while one runs. */
  outcome: JobInfo | null;
  /** Said when it was cancelled: what was (not) changed. */
  cancelledText: string;
  /** The success notice, which only the caller can word. */
  children?: ReactNode;
}

/**
 * The running, starting and start-error parts for a dialog that follows only its own
 * job (from useStartJob): "Starting…" shows until that job's first snapshot arrives.
 */
export function ownJobParts(run: {
  job: JobInfo | null;
  starting: boolean;
  startError: string | null;
}): Pick<JobRunStatusProps, 'running' | 'starting' | 'startError'> {
  return {
    running: run.job?.state === 'running' ? run.job : null,
    starting: !run.job && run.starting,
    startError: run.startError,
  };
}

export function JobRunStatus(props: JobRunStatusProps) {
  const { noun, running, outcome } = props;
  return (
    <>
      {running && <JobProgress job={running} />}
      {running && props.runningDetail}
      {!running && props.starting && <p className="muted">Starting the {noun}…</p>}
      <ErrorNotice message={props.startError} />
      <div role="status">
        {outcome?.state === 'failed' && <ErrorNotice title={`The ${noun} failed.`} message={outcome.error} />}
        {outcome?.state === 'cancelled' && <Notice tone="info">{props.cancelledText}</Notice>}
        {props.children}
      </div>
    </>
  );
}
