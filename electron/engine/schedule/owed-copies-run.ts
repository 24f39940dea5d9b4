// The engine behind the owed-copies step (owed-copies.ts) for one library: its
// destinations as the repository config lists them (for the app's copy loop and the OS
// timer's run alike), and the OS timer's side: silent copies, each under the repository
// lock, so a timer run never copies while the app or the CLI works on the repository, and
// its one restic per repository holds across processes too. A busy repository is no
// failure: the copy is recorded as owed, not failed, and the next firing (or the app)
// makes it.
import type { HealthNotification } from '../../../shared/schedule-types';
import { fileCopyRetryStore, type CopyRoundResult } from '../destinations/copy-round';
import type { LibraryLock } from '../destinations/copy-under-lock';
import { ownCopyDue } from '../destinations/copy-schedule';
import { destinationsOf, listDestinations, type DestScope } from '../destinations/operations';
import type { JobContext } from '../runtime/progress';
import type { Clock } from './clock';
import { owedCopies, type OwedCopiesDeps } from './owed-copies';
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

function sentences(r: Omit<TimerCopiesResult, 'message'>): string {
  const words: string[] = [];
  if (r.skipped) words.push(r.skipped);
  for (const c of r.round.attempted) words.push(c.error ?? `Copied to "${c.name}".`);
  for (const n of r.notifications) words.push(`${n.title}: ${n.body}`);
  return words.join(' ');
}

/**
 * The owed copies at an OS timer firing. Each copy takes the repository lock itself
 * (copy-under-lock.ts), so the lock is taken only when a copy is owed, and a firing
 * hourly or every 15 minutes never gets in a backup's way.
 */
export async function timerOwedCopies(
  scope: DestScope,
  stateDir: string,
  clock: Clock,
  ctx: JobContext,
  lock?: LibraryLock,
): Promise<TimerCopiesResult> {
  const destScope: DestScope = { ...scope, now: () => clock.now() };
  const done = await owedCopies(
    {
      ...destinationViews(scope, clock),
      attempt: (name) => copyToOne(destScope, name, ctx, lock),
      store: fileCopyRetryStore(stateDir, scope.libraryPath),
      now: () => clock.now(),
    },
    { tells: false },
  );
  // A busy library is no failure: the copies stay owed and the next firing (or the app) makes them.
  const skipped = done.round.busy.map((b) => b.reason).join(' ') || null;
  const r = { ...done, skipped };
  return { ...r, message: sentences(r) };
}
