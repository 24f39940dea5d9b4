// The app's side of "database and audio" schedules: after each scheduled database
// backup, the repository steps (snapshot, forget, check, copies) as one visible job
// ("Scheduled snapshot", kind `snapshot`), and while the schedule is on, the periodic
// retry of copies that could not reach their destination plus the once-per-crossing
// "not copied off this machine" notification, and the copies on each destination's
// own schedule, each a visible job under the repository lock; a scheduled snapshot that
// found the repository busy is made at the loop's next look. Kept apart from
// service-scheduler.ts, which only calls in here.
import type { BackbeatEvent } from '../../../shared/contract';
import { ContractError } from '../../../shared/errors';
import type { HealthNotification, ScheduleConfig } from '../../../shared/schedule-types';
import { fileCopyRetryStore } from '../destinations/copy-round';
import type { DestScope } from '../destinations/operations';
import type { JobManager } from '../runtime/jobs';
import type { Clock, TimerFunctions } from '../schedule/clock';
import { CopyRetryLoop } from '../schedule/copy-retry-loop';
import { runSnapshotSteps, scheduledSnapshotOwed, scheduleScopeOf } from '../schedule/scheduled-snapshot';
import { copyOutcome, engineSnapshotStepDeps } from '../schedule/snapshot-step-deps';
import type { CopyResult } from '../../../shared/destination-types';
import { copyOperation } from '../destinations/copy';
import { underCopyLock } from '../destinations/copy-under-lock';
import { fileScheduleStateStore } from '../schedule/state-store';
import { destinationViews } from '../schedule/owed-copies-run';

export const SCHEDULED_SNAPSHOT_TITLE = 'Scheduled snapshot';

export interface ScheduledSnapshotDeps {
  stateDir: string;
  clock: Clock;
  timers: TimerFunctions;
  checkIntervalMs: number;
  jobs: JobManager;
  emit(event: BackbeatEvent): void;
  log(message: string): void;
  repoScope(libraryPath: string): DestScope;
  notify?(notification: HealthNotification): void;
}

/** The repository steps after a scheduled backup, as a job; resolves when it ended (never rejects). */
export async function scheduledSnapshotJob(
  deps: ScheduledSnapshotDeps,
  libraryPath: string,
  config: ScheduleConfig,
): Promise<void> {
  if (scheduleScopeOf(config) !== 'database-and-audio') return;
  const scope = deps.repoScope(libraryPath);
  const job = deps.jobs.start('snapshot', SCHEDULED_SNAPSHOT_TITLE, async (ctx) => {
    const steps = await runSnapshotSteps(
      config,
      engineSnapshotStepDeps(scope, deps.stateDir, deps.clock, ctx),
      deps.clock,
      fileScheduleStateStore(deps.stateDir, libraryPath),
    );
    // The database backup stood; the snapshot's failure is recorded for health and fails the job.
    // Refused because the repository was busy: said as such (owed, made at a later look).
    if (steps.run.busy === true)
      throw new ContractError('busy', steps.run.error ?? 'The repository is busy.');
    if (steps.run.status === 'failed') throw new Error(steps.run.error ?? 'The audio snapshot failed.');
    return steps;
  });
  const end = await deps.jobs.wait(job.id);
  if (end.state === 'failed') deps.log(end.error ?? 'The scheduled snapshot failed.');
  deps.emit({ type: 'backups-changed' });
}

/**
 * A scheduled snapshot that found the repository busy (a long copy) is made at the copy
 * loop's next look, before its copies; resolves when it ended (never rejects).
 */
export async function owedSnapshotJob(
  deps: ScheduledSnapshotDeps,
  libraryPath: string,
  config: ScheduleConfig | null,
): Promise<void> {
  const last = (await fileScheduleStateStore(deps.stateDir, libraryPath).read()).lastSnapshot;
  if (config && scheduledSnapshotOwed(config, last)) await scheduledSnapshotJob(deps, libraryPath, config);
}

/**
 * One copy the loop decided on (a retry, or the destination's own schedule), run as a
 * visible job like a copy the user starts, so Activity lists it with its outcome and it
 * can be watched and cancelled. Resolves with null when it finished, else its sentence.
 */
async function copyJob(deps: ScheduledSnapshotDeps, scope: DestScope, name: string): Promise<string | null> {
  const copied: { result?: CopyResult } = {};
  const job = deps.jobs.start('copy', `Scheduled copy to destination "${name}"`, async (ctx) => {
    copied.result = await copyOperation(scope, { to: name, ctx });
    return copied.result;
  });
  const end = await deps.jobs.wait(job.id);
  if (end.state === 'succeeded' && copied.result) return copyOutcome(copied.result, name);
  return end.error ?? `The copy to "${name}" did not finish.`;
}

/** The periodic copy retry, own-schedule copies and offsite warning for one library (stop it with `stop()`). */
export function startCopyRetry(
  deps: ScheduledSnapshotDeps,
  libraryPath: string,
  readConfig?: () => Promise<ScheduleConfig | null>,
): CopyRetryLoop {
  const scope = deps.repoScope(libraryPath);
  const store = fileCopyRetryStore(deps.stateDir, libraryPath);
  const destScope: DestScope = { ...scope, now: () => deps.clock.now() };
  const loop = new CopyRetryLoop({
    ...destinationViews(scope, deps.clock),
    clock: deps.clock,
    timers: deps.timers,
    checkIntervalMs: deps.checkIntervalMs,
    store,
    // The lock first, then the job: a busy repository starts no job (Activity lists no
    // failed copy every minute while a snapshot runs); the copy stays owed for the next look.
    attempt: (name) => underCopyLock(destScope, [name], () => copyJob(deps, destScope, name)),
    ...(readConfig
      ? { beforeCopies: async () => owedSnapshotJob(deps, libraryPath, await readConfig()) }
      : {}),
    notify: (n) => deps.notify?.(n),
    onRound: () => deps.emit({ type: 'backups-changed' }),
    log: deps.log,
  });
  loop.start();
  return loop;
}
