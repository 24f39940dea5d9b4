// The Library screen's one read: the settings, the library's stats (or why they could
// not be read), the backup folder's free space and disk, the newest backup and health.
import fs from 'node:fs';
import path from 'node:path';
import type { AppSettings, BackupListEntry, LibraryOverview, LibraryStats } from '../../../shared/types';
import { listBackups } from '../backup/backup-store';
import { readStatsWithFailuresAsync } from '../library/library-stats-failures';
import type { Clock } from '../schedule/clock';
import { resolveBackupDir } from './use-cases/folders';
import { toUserError } from '../runtime/error-policy';
import { rescanStateDir } from './use-cases/folders';
import { overviewHealth } from './service-schedule-views';

/** A short wait on a locked library: the overview must stay responsive. */
export const OVERVIEW_BUSY_TIMEOUT_MS = 3000;

/** The nearest folder that exists at or above `dir` (a backup folder may not exist yet). */
function nearestExisting(dir: string): string {
  let current = path.resolve(dir);
  for (;;) {
    if (fs.existsSync(current)) return current;
    const parent = path.dirname(current);
    if (parent === current) return current;
    current = parent;
  }
}

async function freeBytes(dir: string): Promise<number | null> {
  try {
    const s = await fs.promises.statfs(nearestExisting(dir));
    return s.bavail * s.bsize;
  } catch {
    return null;
  }
}

async function sameDisk(libraryPath: string, backupDir: string): Promise<boolean> {
  try {
    const [a, b] = await Promise.all([
      fs.promises.stat(nearestExisting(path.dirname(libraryPath))),
      fs.promises.stat(nearestExisting(backupDir)),
    ]);
    return a.dev === b.dev;
  } catch {
    return false;
  }
}

export interface OverviewSources {
  settings: AppSettings;
  dataDir: string;
  scheduleDir: string;
  clock: Clock;
  log: (message: string) => void;
}

export async function libraryOverview(o: OverviewSources): Promise<LibraryOverview> {
  const settings = { ...o.settings };
  const library = settings.libraryPath;
  if (!library) {
    const dir = settings.backupDir;
    return {
      settings,
      stats: null,
      libraryError: null,
      backupDir: dir,
      backupDirFreeBytes: dir ? await freeBytes(dir) : null,
      backupDirSameDisk: false,
      newestBackup: null,
      backupCount: 0,
    };
  }
  let stats: LibraryStats | null = null;
  let libraryError: string | null = null;
  try {
    // With variant A's failures from Backbeat's state folder, as the CLI's `stats` shows them.
    stats = await readStatsWithFailuresAsync(library, rescanStateDir(o.dataDir), {
      busyTimeoutMs: OVERVIEW_BUSY_TIMEOUT_MS,
    });
  } catch (err) {
    libraryError = toUserError(err, (details) => o.log(`getOverview: ${details}`)).message;
  }
  const dir = resolveBackupDir(library, settings.backupDir);
  let backups: BackupListEntry[] = [];
  try {
    backups = await listBackups(dir);
  } catch (err) {
    o.log(`Could not list the backups in ${dir}: ${(err as Error).message}`);
  }
  return {
    settings,
    stats,
    libraryError,
    backupDir: dir,
    backupDirFreeBytes: await freeBytes(dir),
    backupDirSameDisk: await sameDisk(library, dir),
    newestBackup: backups.find((b) => b.status === 'ok') ?? null,
    backupCount: backups.length,
    health: await overviewHealth(o.scheduleDir, library, dir, backups, o.clock.now(), o.log),
  };
}
