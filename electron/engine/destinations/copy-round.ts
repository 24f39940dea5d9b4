// One round of copies to the library's destinations, honouring the back-off of
// copy-retry.ts: after a scheduled snapshot every destination not waiting for its
// retry slot is tried; the periodic retry tries only those whose slot has come. Each
// destination gets at most one attempt per round, and every attempt is recorded
// (atomically, in the schedule state folder) before the next one starts.
import path from 'node:path';
import { readJsonValidated, writeJsonAtomic } from '../fs/atomic-json';
import { libraryFileKey } from '../schedule/library-key';
import { isBusy } from './busy';
import {
  attemptAllowed,
  copyRetryStateSchema,
  emptyCopyRetryState,
  retriesDue,
  withAttemptRecorded,
  withBusyRecorded,
  withOnly,
  type CopyRetryState,
} from './copy-retry';

export interface CopyRetryStore {
  /** A missing or damaged file reads as "no destination in back-off". */
  read(): Promise<CopyRetryState>;
  write(state: CopyRetryState): Promise<void>;
}

export function copyRetryPath(stateDir: string, libraryPath: string): string {
  return path.join(stateDir, `${libraryFileKey(libraryPath)}.copy-retry.json`);
}

export function fileCopyRetryStore(stateDir: string, libraryPath: string): CopyRetryStore {
  const file = copyRetryPath(stateDir, libraryPath);
  return {
    async read() {
      const r = await readJsonValidated(file, copyRetryStateSchema);
      return r.status === 'ok' ? r.value : emptyCopyRetryState();
    },
    write: (state) => writeJsonAtomic(file, state),
  };
}

export function memoryCopyRetryStore(): CopyRetryStore & { current: CopyRetryState } {
  const store = {
    current: emptyCopyRetryState(),
    read: async () => store.current,
    write: async (s: CopyRetryState) => {
      store.current = s;
    },
  };
  return store;
}

export interface CopyRoundDeps {
  /** The library's destination names now. */
  destinations(): Promise<string[]> | string[];
  /**
   * One copy to one destination: null when it worked, else the sentence why not. Throws
   * ContractError('busy') when it could not start because the library was busy.
   */
  attempt(name: string): Promise<string | null>;
  store: CopyRetryStore;
  now(): Date;
  /** For `periodic` rounds: whether the destination's own schedule wants a copy now. */
  ownScheduleDue?(name: string, now: Date): boolean;
}

export interface CopyRoundResult {
  attempted: { name: string; error: string | null }[];
  /** Waiting for their retry slot. */
  waiting: { name: string; nextAttemptAt: string }[];
  /** Not started: the library was busy. Owed still (copy-retry.ts withBusyRecorded), not failed. */
  busy: { name: string; reason: string }[];
}

/**
 * Which of `names` a round of `kind` tries at `now`. `after-snapshot`: every destination
 * not in back-off; `retries`: those in back-off whose slot came; `periodic` (the
 * scheduler's tick): those retries, and the destinations whose own schedule is due and
 * that are not waiting in back-off.
 */
export function dueInRound(
  state: CopyRetryState,
  names: readonly string[],
  now: Date,
  kind: 'after-snapshot' | 'retries' | 'periodic',
  ownScheduleDue?: (name: string, now: Date) => boolean,
): string[] {
  if (kind === 'after-snapshot') return names.filter((n) => attemptAllowed(state, n, now));
  const retries = retriesDue(state, now);
  if (kind === 'retries') return retries;
  return names.filter(
    (n) => retries.includes(n) || (attemptAllowed(state, n, now) && (ownScheduleDue?.(n, now) ?? false)),
  );
}

/** One attempt for each destination `dueInRound` names, each recorded before the next starts. */
export async function copyRound(
  deps: CopyRoundDeps,
  kind: 'after-snapshot' | 'retries' | 'periodic',
): Promise<CopyRoundResult> {
  const names = await deps.destinations();
  let state = withOnly(await deps.store.read(), names);
  const due = dueInRound(state, names, deps.now(), kind, deps.ownScheduleDue);
  const result: CopyRoundResult = { attempted: [], waiting: [], busy: [] };
  for (const name of names) {
    if (!due.includes(name)) {
      const entry = state.destinations[name];
      if (entry) result.waiting.push({ name, nextAttemptAt: entry.nextAttemptAt });
      continue;
    }
    // Each outcome is recorded on what the store holds now, before the next attempt.
    const record = async (change: (s: CopyRetryState) => CopyRetryState): Promise<void> => {
      state = change(withOnly(await deps.store.read(), names));
      await deps.store.write(state);
    };
    let error: string | null;
    try {
      error = await deps.attempt(name);
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
      if (isBusy(err)) {
        const reason = error;
        await record((s) => withBusyRecorded(s, name, deps.now(), reason));
        result.busy.push({ name, reason });
        continue;
      }
    }
    // The slot counts from when the attempt ended: a copy that ran an hour does not owe a retry at once.
    const failure = error;
    await record((s) => withAttemptRecorded(s, name, deps.now(), failure));
    result.attempted.push({ name, error });
  }
  return result;
}

export type { CopyRetryState };
