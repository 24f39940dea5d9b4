// Job snapshots arrive from two sources (listJobs answers and `job` events) in no
// guaranteed order; keep whichever is further along so progress never jumps back.
import type { JobInfo } from '../../../shared/types';

export function fresherJob(current: JobInfo | undefined, incoming: JobInfo): JobInfo {
  if (!current) return incoming;
  // A finished job never becomes running again: a late "running" snapshot is stale.
  if (current.state !== 'running' && incoming.state === 'running') return current;
  if (
    current.state === 'running' &&
    incoming.state === 'running' &&
    incoming.progress.fraction < current.progress.fraction
  ) {
    return current;
  }
  return incoming;
}

/** Newest first, running jobs ahead of finished ones. */
export function orderJobs(jobs: Iterable<JobInfo>): JobInfo[] {
  return [...jobs].sort((a, b) => {
    const running = Number(b.state === 'running') - Number(a.state === 'running');
    return running || b.startedAt.localeCompare(a.startedAt);
  });
}
