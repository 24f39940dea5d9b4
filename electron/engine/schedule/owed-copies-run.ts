// The engine behind the owed-copies step (owed-copies.ts) for one library: its
// destinations as the repository config lists them (for the app's copy loop and the OS
// timer's run alike), and the OS timer's side: silent copies under the library lock, so
// a timer run never copies while the app or the CLI works on the library, and its one
// restic per repository holds across processes too. A busy library is no failure: no
// attempt is recorded, and the next firing (or the app) tries again.
import type { HealthNotification } from '../../../shared/schedule-types';
import { dueInRound, fileCopyRetryStore, type CopyRoundResult } from '../destinations/copy-round';
import { ownCopyDue } from '../destinations/copy-schedule';
import { destinationsOf, listDestinations, type DestScope } from '../destinations/operations';
import { withLibraryLock } from '../library/lock';
import type { JobContext } from '../runtime/progress';
import type { BackupDeps } from './backup-deps';
import type { Clock } from './clock';
import { owedCopies, type OwedCopiesDeps, type OwedCopiesResult } from './owed-copies';
import { copyToOne } from './snapshot-step-deps';

type DestinationViews = Pick<OwedCopiesDeps, 'destinations' | 'ownScheduleDue' | 'statuses'>;

/** The library's destinations, read afresh at each call (the CLI may add one at any time). */
export function destinationViews(scope: DestScope, clock: Clock): DestinationViews {
  const destScope: DestScope = { ...scope, now: () => clock.now() };
  return {
    destinations: () => {
      try {
        return destinationsOf(scope).map((d) => d.name);
      } catch {
        return [];
      }
    },
    ownScheduleDue: (name, now) => {
      const d = destinationsOf(scope).find((x) => x.name === name);
      return d !== undefined && ownCopyDue(d, now);
    },
    statuses: () =>
      listDestinations(destScope).map((d) => ({ name: d.name, lastCopy: d.lastCopy, health: d.health })),
  };
}

export interface TimerCopiesResult {
  round: CopyRoundResult;
  notifications: HealthNotification[];
  /** Why no copy was tried although some were owed (the library was busy); null otherwise. */
  skipped: string | null;
  /** Sentences for the run's message and the timer's log; empty when nothing happened. */
  message: string;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function sentences(r: Omit<TimerCopiesResult, 'message'>): string {
  const words: string[] = [];
  if (r.skipped) words.push(r.skipped);
  for (const c of r.round.attempted) words.push(c.error ?? `Copied to "${c.name}".`);
  for (const n of r.notifications) words.push(`${n.title}: ${n.body}`);
  return words.join(' ');
}

/** The owed copies at an OS timer firing: under the library lock, taken only when a copy is owed. */
export async function timerOwedCopies(
  scope: DestScope,
  stateDir: string,
  clock: Clock,
  ctx: JobContext,
  lock: BackupDeps['withLibraryLock'] = withLibraryLock,
): Promise<TimerCopiesResult> {
  const views = destinationViews(scope, clock);
  const store = fileCopyRetryStore(stateDir, scope.libraryPath);
  const destScope: DestScope = { ...scope, now: () => clock.now() };
  const deps: OwedCopiesDeps = {
    ...views,
    attempt: (name) => copyToOne(destScope, name, ctx),
    store,
    now: () => clock.now(),
  };
  const names = await views.destinations();
  const owed = dueInRound(await store.read(), names, clock.now(), 'periodic', views.ownScheduleDue);
  // No copy tried, only the "stopped" check: when nothing is owed (then the lock is not
  // taken, so a timer firing hourly never gets in a backup's way) or the library is busy.
  const checkOnly: OwedCopiesDeps = { ...deps, destinations: () => [] };
  let skipped: string | null = null;
  let done: OwedCopiesResult;
  if (owed.length === 0) {
    done = await owedCopies(checkOnly, { tells: false });
  } else {
    try {
      done = await lock(scope.libraryPath, 'copies to destinations', () =>
        owedCopies(deps, { tells: false }),
      );
    } catch (err) {
      if ((err as { code?: unknown } | null)?.code !== 'busy') throw err;
      skipped = `Copies owed to ${owed.map((n) => `"${n}"`).join(', ')} were not made: ${messageOf(err)} The next timer run tries again.`;
      done = await owedCopies(checkOnly, { tells: false });
    }
  }
  const r = { ...done, skipped };
  return { ...r, message: sentences(r) };
}
