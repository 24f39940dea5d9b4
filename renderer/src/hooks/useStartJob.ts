// Starts a job through the bridge, then follows it in the shared job list. Calls
// `onFinished` once when that job stops (succeeded, failed or cancelled).
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { JobInfo } from '../../../shared/types';
import { errorMessage } from '../errors';
import { useJob, useJobs } from './jobs-context';

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
  const [startError, setStartError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const job = useJob(jobId);
  const latest = useRef({ startCall, onFinished });
  useLayoutEffect(() => {
    latest.current = { startCall, onFinished };
  });
  const reported = useRef<string | null>(null);

  const start = useCallback(
    async (args: A) => {
      setStartError(null);
      setStarting(true);
      try {
        const started = await latest.current.startCall(args);
        setJobId(started.jobId);
        refresh();
      } catch (err) {
        setStartError(errorMessage(err));
      } finally {
        setStarting(false);
      }
    },
    [refresh],
  );

  useEffect(() => {
    if (!job || job.state === 'running' || reported.current === job.id) return;
    reported.current = job.id;
    latest.current.onFinished?.(job);
  }, [job]);

  const reset = useCallback(() => {
    setJobId(null);
    setStartError(null);
  }, []);

  const running = starting || (jobId !== null && (job === null || job.state === 'running'));
  return { start, jobId, job, startError, starting, running, reset };
}
