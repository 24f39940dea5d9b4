// Per-library record of scheduled runs: the last run (shown loudly when it failed),
// the last success (what "due" is counted from) and the last retention pass.
// One JSON file per library in a state folder the caller chooses.
import path from 'node:path';
import { scheduleStateSchema, SCHEDULE_STATE_FORMAT } from '../../../shared/schedule-types';
import type { LastRetention, LastRun, ScheduleState } from '../../../shared/schedule-types';
import { readJsonValidated, writeJsonAtomic } from '../fs/atomic-json';
import { libraryFileKey } from './library-key';

export interface ScheduleStateStore {
  /** Never throws for a damaged file: the state then starts over (the backups themselves still count). */
  read(): Promise<ScheduleState>;
  write(state: ScheduleState): Promise<void>;
}

export function emptyScheduleState(libraryPath: string): ScheduleState {
  return {
    formatVersion: SCHEDULE_STATE_FORMAT,
    libraryPath,
    lastRun: null,
    lastSuccess: null,
    lastRetention: null,
  };
}

/** The state after a run: a success also becomes the last success; a failure leaves that alone. */
export function withRunRecorded(state: ScheduleState, run: LastRun): ScheduleState {
  return { ...state, lastRun: run, lastSuccess: run.status === 'succeeded' ? run : state.lastSuccess };
}

export function withRetentionRecorded(state: ScheduleState, retention: LastRetention): ScheduleState {
  return { ...state, lastRetention: retention };
}

export function scheduleStatePath(stateDir: string, libraryPath: string): string {
  return path.join(stateDir, `${libraryFileKey(libraryPath)}.state.json`);
}

export function fileScheduleStateStore(stateDir: string, libraryPath: string): ScheduleStateStore {
  const file = scheduleStatePath(stateDir, libraryPath);
  return {
    async read() {
      const result = await readJsonValidated(file, scheduleStateSchema);
      return result.status === 'ok' ? result.value : emptyScheduleState(libraryPath);
    },
    write: (state) => writeJsonAtomic(file, state),
  };
}

/** For simulations and tests: the same contract, kept in memory. */
export function memoryScheduleStateStore(
  libraryPath: string,
): ScheduleStateStore & { current: ScheduleState } {
  const store = {
    current: emptyScheduleState(libraryPath),
    read: async () => store.current,
    write: async (state: ScheduleState) => {
      store.current = state;
    },
  };
  return store;
}
