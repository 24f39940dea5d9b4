// When to try a destination again after a copy could not reach it (a laptop away from
// home): 15 minutes, doubling to at most 6 hours. Each failed attempt sets the next
// slot from the moment it was made, so however long the machine slept, waking gives
// one attempt per destination, never a burst of the attempts it "missed". A copy that
// works clears the record. The record also remembers whether the user was told that
// copies stopped (offsite-alert.ts), so a restart does not tell them again.
// Pure functions here; copy-retry-store.ts keeps the records (written atomically).
import { z } from 'zod';

export const FIRST_RETRY_MS = 15 * 60 * 1000;
export const MAX_RETRY_MS = 6 * 60 * 60 * 1000;

export const retryEntrySchema = z
  .object({
    /** Failed attempts in a row. */
    failures: z.number().int().min(0),
    lastAttemptAt: z.string(),
    nextAttemptAt: z.string(),
    lastError: z.string().nullable(),
  })
  .strict();
export type RetryEntry = z.infer<typeof retryEntrySchema>;

export const copyRetryStateSchema = z
  .object({
    version: z.literal(1),
    /** By destination name; a destination without an entry is not in back-off. */
    destinations: z.record(z.string(), retryEntrySchema),
    /** Destinations whose "not copied off this machine" warning the user has been told about. */
    warned: z.array(z.string()),
  })
  .strict();
export type CopyRetryState = z.infer<typeof copyRetryStateSchema>;

export function emptyCopyRetryState(): CopyRetryState {
  return { version: 1, destinations: {}, warned: [] };
}

/** The wait after the `failures`-th failure in a row (1 -> 15 min, 2 -> 30 min, ... capped at 6 h). */
export function retryDelayMs(failures: number): number {
  if (failures <= 0) return 0;
  // Capped before doubling so a long-failing destination cannot overflow.
  const doublings = Math.min(failures - 1, 16);
  return Math.min(FIRST_RETRY_MS * 2 ** doublings, MAX_RETRY_MS);
}

/** May a copy to `name` be attempted at `now`? (No record: yes.) */
export function attemptAllowed(state: CopyRetryState, name: string, now: Date): boolean {
  const entry = state.destinations[name];
  if (!entry) return true;
  const next = Date.parse(entry.nextAttemptAt);
  // A record from a clock set far ahead must not silence the destination for long.
  if (Number.isNaN(next) || next - now.getTime() > MAX_RETRY_MS) return true;
  return now.getTime() >= next;
}

/** Destinations in back-off whose slot has come (the periodic retry's list). */
export function retriesDue(state: CopyRetryState, now: Date): string[] {
  return Object.keys(state.destinations).filter((name) => attemptAllowed(state, name, now));
}

export function withAttemptRecorded(
  state: CopyRetryState,
  name: string,
  now: Date,
  error: string | null,
): CopyRetryState {
  const destinations = { ...state.destinations };
  if (error === null) {
    delete destinations[name];
  } else {
    const failures = (destinations[name]?.failures ?? 0) + 1;
    destinations[name] = {
      failures,
      lastAttemptAt: now.toISOString(),
      nextAttemptAt: new Date(now.getTime() + retryDelayMs(failures)).toISOString(),
      lastError: error,
    };
  }
  return { ...state, destinations };
}

/**
 * A copy that could not start because the library was busy (a snapshot, a prune, another
 * copy held its lock): owed, not failed. The failure count stays (no back-off step) and
 * the slot is now, so the next look or timer firing makes it: never lost, never a burst.
 */
export function withBusyRecorded(
  state: CopyRetryState,
  name: string,
  now: Date,
  reason: string,
): CopyRetryState {
  const previous = state.destinations[name];
  const destinations = {
    ...state.destinations,
    [name]: {
      failures: previous?.failures ?? 0,
      lastAttemptAt: previous?.lastAttemptAt ?? now.toISOString(),
      nextAttemptAt: now.toISOString(),
      lastError: reason,
    },
  };
  return { ...state, destinations };
}

/** Drops records of destinations that were removed. */
export function withOnly(state: CopyRetryState, names: readonly string[]): CopyRetryState {
  const keep = new Set(names);
  const destinations = Object.fromEntries(Object.entries(state.destinations).filter(([n]) => keep.has(n)));
  return { ...state, destinations, warned: state.warned.filter((n) => keep.has(n)) };
}
