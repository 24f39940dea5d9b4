// What the user chose for a library's scheduled backups (schedule, retention,
// thresholds). Read by the app's scheduler and by `backbeat schedule run`, which
// the OS timer calls while the app is closed, so it lives in a file both can read.
import path from 'node:path';
import { ContractError } from '../../../shared/errors';
import { scheduleConfigSchema, SCHEDULE_STATE_FORMAT } from '../../../shared/schedule-types';
import type { RetentionPolicy, Schedule, ScheduleConfig } from '../../../shared/schedule-types';
import { readJsonValidated, writeJsonAtomic } from '../fs/atomic-json';
import { libraryFileKey } from './library-key';

/** A week of dailies, a month of weeklies, a year of monthlies, and a few rescan checkpoints. */
export const DEFAULT_RETENTION_POLICY: RetentionPolicy = {
  daily: 7,
  weekly: 4,
  monthly: 12,
  tiers: { frequent: 3, moderate: 5, milestone: 10 },
};

export function newScheduleConfig(libraryPath: string, schedule: Schedule): ScheduleConfig {
  return {
    formatVersion: SCHEDULE_STATE_FORMAT,
    libraryPath,
    enabled: true,
    schedule,
    retention: DEFAULT_RETENTION_POLICY,
    backupDir: null,
    progressTiers: null,
    warnAfterHours: null,
    notifyOnSuccess: false,
  };
}

export function scheduleConfigPath(stateDir: string, libraryPath: string): string {
  return path.join(stateDir, `${libraryFileKey(libraryPath)}.schedule.json`);
}

/** Null when none was set; a `corrupt` ContractError naming the file when it cannot be trusted. */
export async function readScheduleConfig(
  stateDir: string,
  libraryPath: string,
): Promise<ScheduleConfig | null> {
  const result = await readJsonValidated(scheduleConfigPath(stateDir, libraryPath), scheduleConfigSchema);
  if (result.status === 'missing') return null;
  if (result.status === 'invalid') {
    throw new ContractError('corrupt', `${result.problem} Set the schedule again to replace it.`);
  }
  return result.value;
}

export async function writeScheduleConfig(stateDir: string, config: ScheduleConfig): Promise<void> {
  const parsed = scheduleConfigSchema.parse(config);
  await writeJsonAtomic(scheduleConfigPath(stateDir, config.libraryPath), parsed);
}

/** Where schedule configs and run records live inside the app's data folder (shared by app and CLI). */
export function scheduleStateDir(dataDir: string): string {
  return path.join(dataDir, 'schedules');
}
