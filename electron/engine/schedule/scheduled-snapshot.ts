// The repository part of a "database and audio" scheduled run, after the database
// backup (and outside its library lock; the snapshot takes both locks itself): a snapshot
// tagged `scheduled` (the same path as `backbeat snapshot`), then the schedule's
// snapshot policy through restic forget, a repository check when one is due, and
// copies to the destinations (with back-off, copy-round.ts). When the repository is
// not set up or restic is missing, the database backup has still been made; the
// snapshot is recorded as failed with restic's or Backbeat's sentence, for health.
import type { RepoCheckResult } from '../../../shared/repository-tools-types';
import type { SnapshotResult } from '../../../shared/repository-types';
import type {
  LastSnapshotRun,
  RetentionPolicy,
  ScheduleConfig,
  ScheduleScope,
} from '../../../shared/schedule-types';
import { DEFAULT_SCHEDULE_SCOPE } from '../../../shared/schedule-types';
import type { SnapshotRetentionResult } from '../../../shared/snapshot-retention-types';
import { isBusy } from '../destinations/busy';
import type { CopyRoundResult } from '../destinations/copy-round';
import type { Clock } from './clock';
import type { ScheduleStateStore } from './state-store';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Schedules saved before scopes existed back up the database only. */
export function scheduleScopeOf(config: Pick<ScheduleConfig, 'scope'> | null): ScheduleScope {
  return config?.scope ?? DEFAULT_SCHEDULE_SCOPE;
}

export function describeScope(scope: ScheduleScope): string {
  return scope === 'database-and-audio' ? 'database and audio (repository snapshot)' : 'database only';
}

export interface SnapshotStepDeps {
  snapshot(): Promise<SnapshotResult>;
  forget(policy: RetentionPolicy): Promise<SnapshotRetentionResult>;
  /** When the repository was last checked (any check, scheduled or not); null: never. */
  lastCheckAt(): Date | null;
  check(readDataPercent: number): Promise<RepoCheckResult>;
  copies(): Promise<CopyRoundResult>;
}

export interface SnapshotStepsResult {
  run: LastSnapshotRun;
  snapshot: SnapshotResult | null;
  check: { result: RepoCheckResult | null; error: string | null } | null;
  copies: CopyRoundResult | null;
  copyError: string | null;
  /** Sentences for the run's message and the log. */
  message: string;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A "database and audio" schedule whose last snapshot found the repository busy owes one. */
export function scheduledSnapshotOwed(
  config: ScheduleConfig | null,
  last: LastSnapshotRun | null | undefined,
): boolean {
  return config?.enabled === true && scheduleScopeOf(config) === 'database-and-audio' && last?.busy === true;
}

/** A check is owed when none was made, or the last is `everyDays` old. */
export function checkDue(everyDays: number, lastCheckAt: Date | null, now: Date): boolean {
  if (!lastCheckAt || Number.isNaN(lastCheckAt.getTime())) return true;
  return now.getTime() - lastCheckAt.getTime() >= everyDays * DAY_MS;
}

export async function runSnapshotSteps(
  config: ScheduleConfig,
  deps: SnapshotStepDeps,
  clock: Clock,
  store: ScheduleStateStore,
): Promise<SnapshotStepsResult> {
  const at = clock.now().toISOString();
  const words: string[] = [];
  let run: LastSnapshotRun;
  let snapshot: SnapshotResult | null = null;
  try {
    snapshot = await deps.snapshot();
    run = { at, status: snapshot.status, snapshotId: snapshot.snapshot?.id ?? null, error: null };
    words.push(
      snapshot.status === 'unchanged'
        ? 'Audio unchanged since the newest snapshot; no new snapshot.'
        : `Snapshot ${snapshot.snapshot?.shortId ?? ''} stored${snapshot.status === 'partial' ? ` (partial: ${snapshot.unreadable.length} file(s) unreadable)` : ''}.`,
    );
  } catch (err) {
    if (isBusy(err)) {
      // Another job holds the repository (a long copy): owed, not lost (scheduledSnapshotOwed).
      const error = `The audio snapshot did not start: ${messageOf(err)}`;
      run = { at, status: 'failed', snapshotId: null, error, busy: true };
      words.push(`${error} It is made once that job has finished; the database backup was made.`);
    } else {
      const error = `The audio snapshot failed: ${messageOf(err)}`;
      run = { at, status: 'failed', snapshotId: null, error };
      words.push(`${error} The database backup was made.`);
    }
  }

  if (run.status !== 'failed' && config.snapshotRetention) {
    try {
      const forgot = await deps.forget(config.snapshotRetention);
      run = { ...run, forgotten: forgot.forgotten, forgetError: null };
      words.push(
        `Forgot ${forgot.forgotten.length} old snapshot${forgot.forgotten.length === 1 ? '' : 's'}.`,
      );
    } catch (err) {
      run = { ...run, forgotten: [], forgetError: messageOf(err) };
      words.push(`Forgetting old snapshots failed: ${messageOf(err)}`);
    }
  }
  await store.write({ ...(await store.read()), lastSnapshot: run });

  let check: SnapshotStepsResult['check'] = null;
  if (
    run.status !== 'failed' &&
    config.check &&
    checkDue(config.check.everyDays, deps.lastCheckAt(), clock.now())
  ) {
    try {
      const result = await deps.check(config.check.readDataPercent);
      check = { result, error: null };
      words.push(result.message);
    } catch (err) {
      check = { result: null, error: messageOf(err) };
      words.push(`The scheduled repository check could not run: ${messageOf(err)}`);
    }
  }

  let copies: CopyRoundResult | null = null;
  let copyError: string | null = null;
  if (run.status !== 'failed') {
    try {
      copies = await deps.copies();
      for (const c of copies.attempted) words.push(c.error ?? `Copied to "${c.name}".`);
      for (const w of copies.waiting)
        words.push(
          `"${w.name}" was unreachable; the next try is at ${new Date(w.nextAttemptAt).toLocaleString()}.`,
        );
    } catch (err) {
      copyError = messageOf(err);
      words.push(`Copying to the destinations failed: ${copyError}`);
    }
  }
  return { run, snapshot, check, copies, copyError, message: words.join(' ') };
}
