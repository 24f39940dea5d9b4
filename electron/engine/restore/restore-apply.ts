// Restore apply: additive (analysis columns of matched tracks, one transaction) or
// replace (the whole database), always after an auto_before_restore backup.
// Callers hold the library lock (withLibraryLock) around this; it does not take it.
import path from 'node:path';
import { ContractError } from '../../../shared/errors';
import {
  DEFAULT_RESTORE_KINDS,
  RESTORE_KINDS,
  normaliseKinds,
  zeroKindCounts,
  type RestoreKind,
} from '../../../shared/restore-kinds';
import type { BackupMeta, LibraryVariant, RestoreMode, RestoreResult } from '../../../shared/types';
import { createBackup, type BackupTestHooks } from '../backup/backup';
import { readBackupMeta } from '../backup/backup-store';
import { sliceContext, throwIfCancelled, type JobContext } from '../runtime/progress';
import { phaseContext } from '../runtime/phase-context';
import { notFeatureAwareError } from './restore-additive';
import { layoutMismatchReason } from './restore-db';
import { unpackFactsOf, withUnpackedBackup } from './restore-unpack';
import { differsFromLibrary } from './restore-other-library';
import { previewRestore } from './restore-preview';
import { readUndoRecord, writeUndoRecord, type UndoRecord } from './restore-undo-record';
import { crashPoint } from '../runtime/crash-points';
import { currentOwnerTag } from '../fs/job-owner';
import { fileStamp } from './replace-files';
import type { AdditiveRef, ReplaceRef, RestoreMethods } from './restore-worker';
import type { EngineWorker } from '../runtime/worker-client';
import { startWorker } from '../workers';

export interface ApplyRestoreOptions {
  libraryPath: string;
  backupDir: string;
  id: string;
  mode: RestoreMode;
  appVersion: string;
  ctx: JobContext;
  /** How long to wait for a library locked by another program; default 60 s. */
  busyTimeoutMs?: number;
  /** Additive: the kinds of change to write; default fills and replaces. */
  include?: readonly RestoreKind[];
  /** Additive: undo the restore that made backup `id` (its safety backup), exactly. */
  undo?: boolean;
  /** Additive: go ahead although the backup looks like another library's. */
  otherLibrary?: boolean;
  /** For tests: handed to the safety backup, e.g. to simulate a failed write (disk full). */
  safetyBackupTestHooks?: BackupTestHooks;
}

/** Progress: safety backup 0-45%, then unpacking and the restore itself. */
const PHASES = { safety: [0, 0.45], restore: [0.45, 1] } as const;
/** Share of the restore step spent unpacking the backup. */
const UNPACK_SHARE = 0.3;

/** Additive needs both sides in the same recognised layout; checked before anything is written. */
async function refuseUnlessFeatureAware(
  worker: EngineWorker<RestoreMethods>,
  libraryPath: string,
  backupVariant: LibraryVariant,
  ctx: JobContext,
): Promise<void> {
  const libraryVariant = await worker.call('libraryVariant', { libraryPath }, ctx);
  const reason = layoutMismatchReason(libraryVariant, backupVariant);
  if (reason !== null) throw notFeatureAwareError(reason);
}

/**
 * Refuses, before anything is written, a restore from a backup that looks like another
 * library's (path or schema differs) when few of its tracks match this library's.
 */
async function refuseOtherLibrary(
  worker: EngineWorker<RestoreMethods>,
  options: ApplyRestoreOptions,
  libraryPath: string,
  meta: BackupMeta,
): Promise<void> {
  const { ctx } = options;
  const fingerprint = await worker.call('libraryFingerprint', { libraryPath }, ctx);
  if (!differsFromLibrary(meta, { path: libraryPath, schemaFingerprint: fingerprint }).any) return;
  // Rare (a moved library, a changed schema, a wrong backup): worth a full comparison.
  const check = await previewRestore({
    libraryPath,
    backupDir: options.backupDir,
    id: options.id,
    ctx: phaseContext(ctx, [0, 0.1], 'check', 'Checking the backup belongs to this library'),
  });
  const warning = check.summary.otherLibrary;
  if (warning !== null) {
    throw new ContractError(
      'not-applicable',
      `${warning} Nothing was changed. If this is the backup you meant, restore it anyway ` +
        '(backbeat restore ... --apply --other-library, or the app’s preview).',
    );
  }
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

/**
 * Records what the restore wrote beside its safety backup, so an undo can put back
 * exactly that. The restore has committed: a failure here only costs the undo.
 */
async function recordForUndo(backupDir: string, record: UndoRecord): Promise<boolean> {
  if (Object.keys(record.tracks).length === 0) return false;
  try {
    await writeUndoRecord(backupDir, record);
    return true;
  } catch {
    return false;
  }
}

export async function applyRestore(options: ApplyRestoreOptions): Promise<RestoreResult> {
  const { ctx, id, mode } = options;
  const libraryPath = path.resolve(options.libraryPath);
  // One worker for the checks and the restore; it reads and writes the databases.
  // Started first, so its start-up overlaps reading the metadata.
  const worker = startWorker('restore');
  try {
    // Fails early (not-found, corrupt) before a safety backup is made for nothing.
    const meta = await readBackupMeta(options.backupDir, id);
    const undoRecord: UndoRecord | null =
      mode === 'additive' && options.undo ? await readUndoRecord(options.backupDir, id) : null;
    // An undo puts back every kind on the tracks the restore wrote: that is what "exactly" means.
    const include = undoRecord
      ? [...RESTORE_KINDS]
      : normaliseKinds(options.include ?? DEFAULT_RESTORE_KINDS);
    if (mode === 'additive') await refuseUnlessFeatureAware(worker, libraryPath, meta.library.variant, ctx);
    if (mode === 'additive' && !undoRecord && !options.otherLibrary) {
      await refuseOtherLibrary(worker, options, libraryPath, meta);
    }
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
          const ref: AdditiveRef = {
            libraryPath,
            copyPath,
            busyTimeoutMs,
            include,
            undo: undoRecord ? { columns: undoRecord.columns, tracks: undoRecord.tracks } : null,
          };
          return worker.call('additive', ref, c);
        },
      );
      const undoable = await recordForUndo(options.backupDir, {
        formatVersion: 1,
        safetyBackupId,
        restoredFrom: id,
        libraryPath,
        createdAt: new Date().toISOString(),
        ...outcome.record,
      });
      return {
        backupId: id,
        mode,
        safetyBackupId,
        restored: outcome.restored,
        savedLivePath: null,
        include,
        written: outcome.written,
        keptByKind: outcome.kept,
        undoable,
        undo: undoRecord
          ? {
              restoredFrom: undoRecord.restoredFrom,
              recorded: Object.keys(undoRecord.tracks).length,
              changedSince: outcome.changedSince,
            }
          : null,
      };
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
        return worker.call('replace', ref, c);
      },
    );
    return {
      backupId: id,
      mode,
      safetyBackupId,
      restored: outcome.tracks,
      savedLivePath: outcome.savedLivePath,
      include: [],
      written: zeroKindCounts(),
      keptByKind: zeroKindCounts(),
      undoable: false,
      undo: null,
    };
  } finally {
    await worker.terminate();
  }
}
