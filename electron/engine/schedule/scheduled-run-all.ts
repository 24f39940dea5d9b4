// `backbeat schedule run` for a "database and audio" schedule: the database run of
// scheduled-run.ts (backup, retention, record), then, when it made a backup (or the last
// snapshot found the repository busy), the repository steps of scheduled-snapshot.ts. A
// failed snapshot fails the run (exit 1, so the OS timer's log says so) although the
// database backup stands; one refused busy exits 75 and the next firing makes it. Then,
// for any schedule, the copies the library's destinations owe (owed-copies-run.ts), as
// the app's copy loop makes them while it is open.
import { silentContext } from '../runtime/progress';
import type { DestScope } from '../destinations/operations';
import { systemClock } from './clock';
import { readScheduleConfig } from './config-store';
import { EXIT_BUSY, scheduledRun, type ScheduledRunOptions, type ScheduledRunResult } from './scheduled-run';
import {
  runSnapshotSteps,
  scheduledSnapshotOwed,
  scheduleScopeOf,
  type SnapshotStepDeps,
  type SnapshotStepsResult,
} from './scheduled-snapshot';
import { engineSnapshotStepDeps } from './snapshot-step-deps';
import { fileScheduleStateStore } from './state-store';
import { timerOwedCopies, type TimerCopiesResult } from './owed-copies-run';

export interface FullScheduledRunOptions extends ScheduledRunOptions {
  /** The repository (and its destinations) of the library; needed for "database and audio". */
  repoScope?: DestScope | undefined;
  /** Tests replace the repository steps. */
  snapshotDeps?: SnapshotStepDeps | undefined;
}

export interface FullScheduledRunResult extends ScheduledRunResult {
  snapshot: SnapshotStepsResult | null;
  /** The retries and own-schedule copies made at this firing; null: none looked at (no repository). */
  owedCopies: TimerCopiesResult | null;
}

const NO_REPOSITORY: SnapshotStepDeps = {
  snapshot: () => Promise.reject(new Error('no repository is known to this run.')),
  forget: () => Promise.reject(new Error('no repository is known to this run.')),
  lastCheckAt: () => null,
  check: () => Promise.reject(new Error('no repository is known to this run.')),
  copies: () => Promise.resolve({ attempted: [], waiting: [], busy: [] }),
};

/** The database backup and, for "database and audio", the repository steps. */
async function backupAndSnapshot(
  o: FullScheduledRunOptions,
): Promise<Omit<FullScheduledRunResult, 'owedCopies'>> {
  const result = await scheduledRun(o);
  if (result.outcome !== 'backed-up' && result.outcome !== 'not-due') return { ...result, snapshot: null };
  const config = o.config ?? (await readScheduleConfig(o.stateDir, o.libraryPath));
  if (!config || scheduleScopeOf(config) !== 'database-and-audio') return { ...result, snapshot: null };
  const store = fileScheduleStateStore(o.stateDir, o.libraryPath);
  // No backup due, but the last snapshot found the repository busy: it is made now.
  if (result.outcome === 'not-due' && !scheduledSnapshotOwed(config, (await store.read()).lastSnapshot))
    return { ...result, snapshot: null };
  const clock = o.clock ?? systemClock;
  const deps =
    o.snapshotDeps ??
    (o.repoScope ? engineSnapshotStepDeps(o.repoScope, o.stateDir, clock, silentContext()) : NO_REPOSITORY);
  const steps = await runSnapshotSteps(config, deps, clock, store);
  // Refused because the repository was busy: EX_TEMPFAIL, the next firing makes it.
  if (steps.run.busy === true)
    return {
      ...result,
      exitCode: EXIT_BUSY,
      outcome: 'busy',
      message: `${result.message} ${steps.message}`,
      snapshot: steps,
    };
  const failed = steps.run.status === 'failed';
  return {
    ...result,
    exitCode: failed ? 1 : result.exitCode,
    outcome: failed ? 'failed' : result.outcome,
    message: `${result.message} ${steps.message}`,
    snapshot: steps,
  };
}

export async function scheduledRunWithSnapshot(o: FullScheduledRunOptions): Promise<FullScheduledRunResult> {
  const result = await backupAndSnapshot(o);
  // Whatever the backup schedule says, as the app's copy loop: the copies the
  // destinations owe, also when the database backup found the library busy (copies take
  // the repository lock, not the library's: library/lock.ts); not without a repository.
  // A copy that fails is retried by the back-off, not by the exit status: the run's
  // status stays the backup's and the snapshot's.
  if (!o.repoScope) return { ...result, owedCopies: null };
  let owed: TimerCopiesResult | null = null;
  let copyError: string | null = null;
  try {
    owed = await timerOwedCopies(o.repoScope, o.stateDir, o.clock ?? systemClock, silentContext());
  } catch (err) {
    copyError = `Owed copies could not run: ${err instanceof Error ? err.message : String(err)}`;
  }
  const more = copyError ?? owed?.message ?? '';
  return { ...result, message: more ? `${result.message} ${more}` : result.message, owedCopies: owed };
}
