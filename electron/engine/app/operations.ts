// The top-level operations the CLI and the service share, so neither holds engine
// logic. Whatever changes the library or its backups holds the library lock, so a
// CLI run and the app cannot overlap; reading-only work (verify, preview) does not.
import fs from 'node:fs';
import path from 'node:path';
import type { RestoreKind } from '../../../shared/restore-kinds';
import type { RetentionPolicy, RetentionResult } from '../../../shared/schedule-types';
import type { CleanupResult, RestoreMode, RestoreResult, VerifyResult } from '../../../shared/types';
import { sweepBackupLeftovers } from '../backup/backup-leftovers';
import { defaultBackupDir, deleteBackup } from '../backup/backup-store';
import { cleanupBackups, type CleanupOptions } from '../retention/cleanup';
import { withLibraryLock } from '../library/lock';
import { explainDamage } from '../library/library';
import { realPathOf } from '../fs/real-path';
import type { JobContext } from '../runtime/progress';
import { runRescan } from '../rescan/rescan';
import type { RescanOptions, RescanSummary } from '../rescan/types';
import { applyRestore } from '../restore/restore-apply';
import { previewRestore, type PreviewRestoreOptions, type RestorePreview } from '../restore/restore-preview';
import { applyRetention } from '../retention/apply';
import { verifyBackup } from '../backup/verify';

/** Where backups go: the chosen folder, else the default beside the library. Always absolute. */
export function resolveBackupDir(libraryPath: string, backupDir: string | null | undefined): string {
  return backupDir ? path.resolve(backupDir) : defaultBackupDir(path.resolve(libraryPath));
}

export { backupOperation, type BackupOperationOptions } from './backup-operation';

export interface RestoreOperationOptions {
  libraryPath: string;
  backupDir: string;
  id: string;
  mode: RestoreMode;
  appVersion: string;
  ctx: JobContext;
  include?: readonly RestoreKind[];
  undo?: boolean;
  otherLibrary?: boolean;
}

/** Applies a restore; applyRestore makes the safety backup itself, inside this lock. */
export function restoreOperation(o: RestoreOperationOptions): Promise<RestoreResult> {
  // The real file: a replace through a symlink must write the file the link points to.
  const libraryPath = realPathOf(o.libraryPath);
  return withLibraryLock(libraryPath, 'a restore', () =>
    applyRestore({
      libraryPath,
      backupDir: o.backupDir,
      id: o.id,
      mode: o.mode,
      appVersion: o.appVersion,
      ctx: o.ctx,
      ...(o.include !== undefined ? { include: o.include } : {}),
      ...(o.undo !== undefined ? { undo: o.undo } : {}),
      ...(o.otherLibrary !== undefined ? { otherLibrary: o.otherLibrary } : {}),
    }),
  ).catch((err: unknown) => {
    throw explainDamage(err, libraryPath);
  });
}

/**
 * Re-analyses the library's audio under the lock: the scan writes to the library,
 * and a force rescan's safety backup must not race another backup or a restore.
 * Anything the rescan does while running (its progress backups) must not take the
 * lock again; it already holds it.
 */
export function rescanOperation(o: RescanOptions): Promise<RescanSummary> {
  return withLibraryLock(o.libraryPath, 'a rescan', () => runRescan(o)).catch((err: unknown) => {
    throw explainDamage(err, o.libraryPath);
  });
}

/** Read-only comparison of a backup with the live library. */
export function previewOperation(o: PreviewRestoreOptions): Promise<RestorePreview> {
  return previewRestore(o).catch((err: unknown) => {
    throw explainDamage(err, o.libraryPath);
  });
}

/** Checks one backup; problems are in the result, not thrown. */
export function verifyOperation(backupDir: string, id: string, ctx: JobContext): Promise<VerifyResult> {
  return verifyBackup(backupDir, id, ctx);
}

/** Backups can outlive their library (moved, deleted); then there is nothing to lock. */
function lockableLibrary(libraryPath: string | null): libraryPath is string {
  return libraryPath !== null && fs.existsSync(libraryPath);
}

/**
 * Removes old backups. Holds the lock when it deletes (a backup or restore of the same
 * library may be reading or writing that folder); a dry run or a folder with no known
 * library runs without it.
 */
export function cleanupOperation(
  libraryPath: string | null,
  backupDir: string,
  options: CleanupOptions,
): Promise<CleanupResult> {
  const run = async (): Promise<CleanupResult> => {
    if (!options.dryRun) await sweepBackupLeftovers(backupDir);
    return cleanupBackups(backupDir, options);
  };
  if (options.dryRun || !lockableLibrary(libraryPath)) return run();
  return withLibraryLock(libraryPath, 'a cleanup', run);
}

/** Deletes one backup, under the lock for the same reason as cleanup. */
export async function deleteBackupOperation(
  libraryPath: string | null,
  backupDir: string,
  id: string,
): Promise<void> {
  const run = async (): Promise<void> => {
    await sweepBackupLeftovers(backupDir);
    await deleteBackup(backupDir, id);
  };
  if (!lockableLibrary(libraryPath)) return run();
  return withLibraryLock(libraryPath, 'deleting a backup', run);
}

/**
 * Applies a retention policy (what each rule keeps, the rest goes). Like cleanup, it
 * deletes holding the lock; a dry run, or a folder with no known library, runs without.
 */
export function retentionOperation(
  libraryPath: string | null,
  backupDir: string,
  policy: RetentionPolicy,
  options: { dryRun: boolean; now: Date; ctx?: JobContext },
): Promise<RetentionResult> {
  const run = async (): Promise<RetentionResult> => {
    if (!options.dryRun) await sweepBackupLeftovers(backupDir);
    return applyRetention(backupDir, policy, options);
  };
  if (options.dryRun || !lockableLibrary(libraryPath)) return run();
  return withLibraryLock(libraryPath, 'pruning old backups', run);
}
