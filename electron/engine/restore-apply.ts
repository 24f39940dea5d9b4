// Restore apply: additive (analysis columns of matched tracks, one transaction) or
// replace (the whole database), always after an auto_before_restore backup.
// Callers hold the library lock (withLibraryLock) around this; it does not take it.
import path from 'node:path';
import { ContractError } from '../../shared/errors';
import type { LibraryVariant, RestoreMode, RestoreResult } from '../../shared/types';
import { createBackup, type BackupTestHooks } from './backup';
import { readBackupMeta } from './backup-store';
import { sliceContext, throwIfCancelled, type JobContext } from './progress';
import { phaseContext } from './phase-context';
import { notFeatureAwareError, type AdditiveOutcome } from './restore-additive';
import { layoutMismatchReason } from './restore-db';
import type { ReplaceOutcome } from './restore-replace';
import { unpackFactsOf, withUnpackedBackup } from './restore-unpack';
import { crashPoint } from './crash-points';
import { currentOwnerTag } from './job-owner';
import { fileStamp } from './replace-files';
import type { CopyRef, ReplaceRef } from './restore-worker';
import { EngineWorker } from './worker-client';

export interface ApplyRestoreOptions {
  libraryPath: string;
  backupDir: string;
  id: string;
  mode: RestoreMode;
  appVersion: string;
  ctx: JobContext;
  /** How long to wait for a library locked by another program; default 60 s. */
  busyTimeoutMs?: number;
  /** For tests: handed to the safety backup, e.g. to simulate a failed write (disk full). */
  safetyBackupTestHooks?: BackupTestHooks;
}

const WORKER_PATH = path.join(__dirname, 'restore-worker.js');

/** Progress: safety backup 0-45%, then unpacking and the restore itself. */
const PHASES = { safety: [0, 0.45], restore: [0.45, 1] } as const;
/** Share of the restore step spent unpacking the backup. */
const UNPACK_SHARE = 0.3;

/** Additive needs both sides in the same recognised layout; checked before anything is written. */
async function refuseUnlessFeatureAware(
  worker: EngineWorker,
  libraryPath: string,
  backupVariant: LibraryVariant,
  ctx: JobContext,
): Promise<void> {
  const libraryVariant = await worker.call<LibraryVariant>('libraryVariant', { libraryPath }, ctx);
  const reason = layoutMismatchReason(libraryVariant, backupVariant);
  if (reason !== null) throw notFeatureAwareError(reason);
}

async function makeSafetyBackup(options: ApplyRestoreOptions, libraryPath: string): Promise<string> {
  const { ctx } = options;
  try {
    const meta = await createBackup({
      libraryPath,
      backupDir: options.backupDir,
      trigger: 'auto_before_restore',
      appVersion: options.appVersion,
      ctx: phaseContext(ctx, PHASES.safety, 'safety-backup', 'Backing up the library first'),
      busyTimeoutMs: options.busyTimeoutMs,
      testHooks: options.safetyBackupTestHooks,
      // Replacing the whole database is how a damaged library is repaired.
      allowDamagedLibrary: options.mode === 'replace',
    });
    return meta.id;
  } catch (err) {
    if (ctx.signal.aborted)
      throw new ContractError('cancelled', 'The restore was cancelled; nothing was changed.');
    if (err instanceof ContractError && err.code === 'corrupt') throw err; // names the file, says what to do
    const code = err instanceof ContractError ? err.code : 'io';
    throw new ContractError(
      code,
      `The safety backup before the restore failed, so the library was not changed: ${(err as Error).message}`,
    );
  }
}

export async function applyRestore(options: ApplyRestoreOptions): Promise<RestoreResult> {
  const { ctx, id, mode } = options;
  const libraryPath = path.resolve(options.libraryPath);
  // One worker for the checks and the restore; it reads and writes the databases.
  // Started first, so its start-up overlaps reading the metadata.
  const worker = new EngineWorker(WORKER_PATH);
  try {
    // Fails early (not-found, corrupt) before a safety backup is made for nothing.
    const meta = await readBackupMeta(options.backupDir, id);
    if (mode === 'additive') await refuseUnlessFeatureAware(worker, libraryPath, meta.library.variant, ctx);
    throwIfCancelled(ctx.signal);

    const safetyBackupId = await makeSafetyBackup(options, libraryPath);
    crashPoint('restore-safety-done');
    throwIfCancelled(ctx.signal);

    // Unpacked here (the gzip workers do the heavy part); the worker restores from the copy.
    const facts = unpackFactsOf(options.backupDir, meta);
    const restoreCtx = sliceContext(ctx, ...PHASES.restore);
    const busyTimeoutMs = options.busyTimeoutMs;
    if (mode === 'additive') {
      const outcome = await withUnpackedBackup(
        facts,
        restoreCtx,
        { unpackShare: UNPACK_SHARE, phase: 'restore', label: 'Restoring analysis' },
        (copyPath, c) => {
          crashPoint('restore-unpacked');
          const ref: CopyRef = { libraryPath, copyPath, busyTimeoutMs };
          return worker.call<AdditiveOutcome>('additive', ref, c);
        },
      );
      return { backupId: id, mode, safetyBackupId, restored: outcome.restored, savedLivePath: null };
    }
    const outcome = await withUnpackedBackup(
      facts,
      restoreCtx,
      { unpackShare: UNPACK_SHARE, phase: 'replace', label: 'Replacing the library' },
      (copyPath, c) => {
        crashPoint('restore-unpacked');
        const ref: ReplaceRef = {
          libraryPath,
          copyPath,
          busyTimeoutMs,
          stamp: fileStamp(),
          ownerTag: currentOwnerTag(),
        };
        return worker.call<ReplaceOutcome>('replace', ref, c);
      },
    );
    return {
      backupId: id,
      mode,
      safetyBackupId,
      restored: outcome.tracks,
      savedLivePath: outcome.savedLivePath,
    };
  } finally {
    await worker.terminate();
  }
}
