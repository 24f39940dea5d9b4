// The service's side of a library's saved schedule (the engine's config store, one
// file per library in the data folder, also read by `backbeat schedule run`):
// building a config from setSchedule's arguments, and keeping its backup folder in
// step with the app's, so an OS timer backs up to the same place the app does.
import { ContractError, type MethodArgs } from '../../../shared/contract';
import type { ProgressTiers, RetentionPolicy, ScheduleConfig } from '../../../shared/schedule-types';
import { newScheduleConfig, readScheduleConfig, writeScheduleConfig } from '../schedule/config-store';

/**
 * The config setSchedule saves. Optional fields left out keep their saved value (or
 * the engine's defaults for a first schedule); `backupDir` is the app's setting, so
 * null still means "beside the library".
 */
export function scheduleConfigFrom(
  libraryPath: string,
  backupDirSetting: string | null,
  args: MethodArgs<'setSchedule'>,
  existing: ScheduleConfig | null,
): ScheduleConfig {
  const base = existing ?? newScheduleConfig(libraryPath, args.schedule);
  return {
    ...base,
    libraryPath,
    enabled: args.enabled,
    schedule: args.schedule,
    retention: args.retention ?? base.retention,
    backupDir: backupDirSetting,
    // `null` is a value here ("no rescan tiers", "default threshold"), so only undefined keeps.
    progressTiers: args.progressTiers !== undefined ? args.progressTiers : base.progressTiers,
    warnAfterHours: args.warnAfterHours !== undefined ? args.warnAfterHours : base.warnAfterHours,
    notifyOnSuccess: args.notifyOnSuccess ?? base.notifyOnSuccess,
    // Left out: the saved value (none saved: database only, no snapshot retention, no check).
    ...(args.scope !== undefined || base.scope !== undefined ? { scope: args.scope ?? base.scope! } : {}),
    ...(args.snapshotRetention !== undefined
      ? { snapshotRetention: args.snapshotRetention }
      : base.snapshotRetention !== undefined
        ? { snapshotRetention: base.snapshotRetention }
        : {}),
    ...(args.check !== undefined
      ? { check: args.check }
      : base.check !== undefined
        ? { check: base.check }
        : {}),
  };
}

function isCorrupt(err: unknown): boolean {
  return err instanceof ContractError && err.code === 'corrupt';
}

/** The saved config, with a damaged file treated as none (logged): for callers that replace or only glance. */
export async function readConfigTolerant(
  stateDir: string,
  libraryPath: string,
  log: (message: string) => void,
): Promise<ScheduleConfig | null> {
  try {
    return await readScheduleConfig(stateDir, libraryPath);
  } catch (err) {
    if (!isCorrupt(err)) throw err;
    log((err as Error).message);
    return null;
  }
}

/** The library's saved retention policy; none saved is the empty policy, which keeps everything. */
export async function savedRetentionPolicy(
  stateDir: string,
  libraryPath: string | null,
): Promise<RetentionPolicy> {
  if (!libraryPath) return {};
  return (await readScheduleConfig(stateDir, libraryPath))?.retention ?? {};
}

/**
 * Every how many rescanned tracks to back up, as saved for the library (null: none).
 * Read by the app's and the CLI's rescan alike, whether or not timed backups are on;
 * a damaged file only turns the tiers off (logged), it must not stop a rescan.
 */
export async function savedProgressTiers(
  stateDir: string,
  libraryPath: string,
  log: (message: string) => void,
): Promise<ProgressTiers | null> {
  return (await readConfigTolerant(stateDir, libraryPath, log))?.progressTiers ?? null;
}

/** After the app's backup folder changes: the saved config (if any) follows, for the OS timer's runs. */
export async function syncConfigBackupDir(
  stateDir: string,
  libraryPath: string,
  backupDirSetting: string | null,
  log: (message: string) => void,
): Promise<void> {
  const config = await readConfigTolerant(stateDir, libraryPath, log);
  if (!config || config.backupDir === backupDirSetting) return;
  await writeScheduleConfig(stateDir, { ...config, backupDir: backupDirSetting });
}
