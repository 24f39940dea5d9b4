// Starts a job through the bridge, then follows it in the shared job list. Calls
// `onFinished` once when that job stops (succeeded, failed or cancelled).
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { JobInfo } from '../../../shared/types';
import { useJob, useJobs } from './jobs-context';
import { useAction } from './useAction';

export interface StartedJob<A> {
  start(args: A): Promise<void>;
  jobId: string | null;
  /** Latest snapshot of the started job; null until the first one arrives. */
  job: JobInfo | null;
  /** Why the job could not be started (the host refused it). */
  startError: string | null;
  starting: boolean;
  running: boolean;
  reset(): void;
}

export function useStartJob<A>(
  startCall: (args: A) => Promise<{ jobId: string }>,
  onFinished?: (job: JobInfo) => void,
): StartedJob<A> {
  const { refresh } = useJobs();
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJob(jobId);
  const latest = useRef(onFinished);
  useLayoutEffect(() => {
    latest.current = onFinished;
  });
  const reported = useRef<string | null>(null);

  const starter = useAction(async (args: A) => {
    const started = await startCall(args);
    setJobId(started.jobId);
    refresh();
  });
  const { run: runStart, setError: setStartError } = starter;
  const start = useCallback(
    async (args: A) => {
      await runStart(args);
    },
    [runStart],
  );

  useEffect(() => {
    if (!job || job.state === 'running' || reported.current === job.id) return;
    reported.current = job.id;
    latest.current?.(job);
  }, [job]);

  const reset = useCallback(() => {
    setJobId(null);
    setStartError(null);
  }, [setStartError]);

  const starting = starter.busy;
  const startError = starter.error;
  const running = starting || (jobId !== null && (job === null || job.state === 'running'));
  return { start, jobId, job, startError, starting, running, reset };
}
