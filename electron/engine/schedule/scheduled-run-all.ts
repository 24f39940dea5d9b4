// `backbeat schedule run` for a "database and audio" schedule: the database run of
// scheduled-run.ts (backup, retention, record), then, when it made a backup, the
// repository steps of scheduled-snapshot.ts. A failed snapshot fails the run (exit 1,
// so the OS timer's log says so) although the database backup stands.
import { silentContext } from '../runtime/progress';
import type { DestScope } from '../destinations/operations';
import { systemClock } from './clock';
import { readScheduleConfig } from './config-store';
import { scheduledRun, type ScheduledRunOptions, type ScheduledRunResult } from './scheduled-run';
import {
  runSnapshotSteps,
  scheduleScopeOf,
  type SnapshotStepDeps,
  type SnapshotStepsResult,
} from './scheduled-snapshot';
import { engineSnapshotStepDeps } from './snapshot-step-deps';
import { fileScheduleStateStore } from './state-store';

export interface FullScheduledRunOptions extends ScheduledRunOptions {
  /** The repository (and its destinations) of the library; needed for "database and audio". */
  repoScope?: DestScope | undefined;
  /** Tests replace the repository steps. */
  snapshotDeps?: SnapshotStepDeps | undefined;
}

export interface FullScheduledRunResult extends ScheduledRunResult {
  snapshot: SnapshotStepsResult | null;
}

const NO_REPOSITORY: SnapshotStepDeps = {
  snapshot: () => Promise.reject(new Error('no repository is known to this run.')),
  forget: () => Promise.reject(new Error('no repository is known to this run.')),
  lastCheckAt: () => null,
  check: () => Promise.reject(new Error('no repository is known to this run.')),
  copies: () => Promise.resolve({ attempted: [], waiting: [] }),
};

export async function scheduledRunWithSnapshot(o: FullScheduledRunOptions): Promise<FullScheduledRunResult> {
  const result = await scheduledRun(o);
  if (result.outcome !== 'backed-up') return { ...result, snapshot: null };
  const config = o.config ?? (await readScheduleConfig(o.stateDir, o.libraryPath));
  if (!config || scheduleScopeOf(config) !== 'database-and-audio') return { ...result, snapshot: null };
  const clock = o.clock ?? systemClock;
  const deps =
    o.snapshotDeps ??
    (o.repoScope ? engineSnapshotStepDeps(o.repoScope, o.stateDir, clock, silentContext()) : NO_REPOSITORY);
  const steps = await runSnapshotSteps(
    config,
    deps,
    clock,
    fileScheduleStateStore(o.stateDir, o.libraryPath),
  );
  const failed = steps.run.status === 'failed';
  return {
    ...result,
    exitCode: failed ? 1 : result.exitCode,
    outcome: failed ? 'failed' : result.outcome,
    message: `${result.message} ${steps.message}`,
    snapshot: steps,
  };
}
