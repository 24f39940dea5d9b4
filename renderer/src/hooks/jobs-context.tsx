// The app-wide list of jobs: seeded by listJobs, kept current by `job` events, and
// polled while something runs in case the event stream drops an update.
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import type { JobInfo } from '../../../shared/types';
import { useBridge } from '../bridge/bridge-context';
import { isJobInfo } from '../schemas';
import { fresherJob, orderJobs } from './job-merge';
import { useBridgeEvent } from './useBridgeEvent';

const POLL_WHILE_RUNNING_MS = 2_000;

interface JobsValue {
  /** Running first, then newest first. */
  jobs: JobInfo[];
  byId: ReadonlyMap<string, JobInfo>;
  refresh(): void;
}

const JobsContext = createContext<JobsValue | null>(null);

export function JobsProvider({ children }: { children: ReactNode }) {
  const bridge = useBridge();
  const [byId, setById] = useState<ReadonlyMap<string, JobInfo>>(new Map());
  const refreshing = useRef(false);

  const mergeAll = useCallback((incoming: readonly JobInfo[]) => {
    setById((previous) => {
      const next = new Map(previous);
      for (const job of incoming) next.set(job.id, fresherJob(previous.get(job.id), job));
      return next;
    });
  }, []);

  const refresh = useCallback(() => {
    if (refreshing.current) return;
    refreshing.current = true;
    bridge
      .listJobs({})
      .then((list) => {
        if (Array.isArray(list)) mergeAll(list.filter(isJobInfo));
      })
      .catch(() => {
        // Transient: the next event or poll tries again; screens show their own errors.
      })
      .finally(() => {
        refreshing.current = false;
      });
  }, [bridge, mergeAll]);

  useEffect(refresh, [refresh]);

  useBridgeEvent((event) => {
    if (event.type === 'job') mergeAll([event.job]);
    else refresh();
  });

  const anyRunning = useMemo(() => [...byId.values()].some((job) => job.state === 'running'), [byId]);
  useEffect(() => {
    if (!anyRunning) return;
    const timer = setInterval(refresh, POLL_WHILE_RUNNING_MS);
    return () => clearInterval(timer);
  }, [anyRunning, refresh]);

  const value = useMemo(() => ({ jobs: orderJobs(byId.values()), byId, refresh }), [byId, refresh]);
  return <JobsContext.Provider value={value}>{children}</JobsContext.Provider>;
}

export function useJobs(): JobsValue {
  const value = useContext(JobsContext);
  if (!value) throw new Error('useJobs must be used inside <JobsProvider>.');
  return value;
}

export function useJob(jobId: string | null): JobInfo | null {
  const { byId } = useJobs();
  return jobId === null ? null : (byId.get(jobId) ?? null);
}
