// The copies a library's destinations owe now (retries whose back-off slot came, and
// own-schedule copies that are due), then the "Copies to X have stopped" check: one
// step, written once, that the app's copy loop runs at each look and the OS timer's
// `schedule run` runs at each firing while the app is closed. Each destination gets at
// most one attempt however long the machine slept (copy-round.ts), never a burst.
// Whether the user was told is recorded only by a caller that tells them (the app's
// desktop notification): the OS timer's run only writes the sentence to its log, so
// it leaves the destination untold and the app raises the notification when it next looks.
import type { HealthNotification } from '../../../shared/schedule-types';
import { copyRound, type CopyRetryStore, type CopyRoundResult } from '../destinations/copy-round';
import { offsiteAlerts, type OffsiteStatus } from '../health/offsite-alert';

export interface OwedCopiesDeps {
  /** The library's destination names now. */
  destinations(): Promise<string[]> | string[];
  /** One copy to one destination: null when it worked, else the sentence why not. */
  attempt(name: string): Promise<string | null>;
  /** Whether a destination's own copy schedule wants a copy now; none: retries only. */
  ownScheduleDue?(name: string, now: Date): boolean;
  /** Each destination's last copy and health now (after any attempt). */
  statuses(): Promise<OffsiteStatus[]> | OffsiteStatus[];
  store: CopyRetryStore;
  now(): Date;
}

export interface OwedCopiesResult {
  round: CopyRoundResult;
  /** "Copies to X have stopped", for destinations that crossed the threshold and were not told yet. */
  notifications: HealthNotification[];
}

export async function owedCopies(
  deps: OwedCopiesDeps,
  /** Whether the caller shows `notifications` to the user (then they are recorded as told). */
  o: { tells: boolean },
): Promise<OwedCopiesResult> {
  const round = await copyRound(
    {
      destinations: deps.destinations,
      attempt: deps.attempt,
      store: deps.store,
      now: deps.now,
      ...(deps.ownScheduleDue ? { ownScheduleDue: deps.ownScheduleDue } : {}),
    },
    'periodic',
  );
  const state = await deps.store.read();
  const alerts = offsiteAlerts(state.warned, await deps.statuses());
  // Untold callers only take names off (a copy worked), so a later crossing is told anew.
  const warned = o.tells ? alerts.warned : alerts.warned.filter((n) => state.warned.includes(n));
  if (warned.join('\n') !== state.warned.join('\n')) {
    await deps.store.write({ ...(await deps.store.read()), warned });
  }
  return { round, notifications: alerts.notifications };
}
