// Use cases "compare a backup with the library" and "restore": the library lock around
// applyRestore (which makes its safety backup inside it), damage explained in one
// sentence. The comparison only reads, so it takes no lock.
import type { RestoreResult } from '../../../../shared/types';
import { withLibraryLock } from '../../library/lock';
import { explainDamage } from '../../library/library';
import { realPathOf } from '../../fs/real-path';
import { applyRestore, type ApplyRestoreOptions } from '../../restore/restore-apply';
import {
  previewRestore,
  type PreviewRestoreOptions,
  type RestorePreview,
} from '../../restore/restore-preview';

export type { RestorePreview } from '../../restore/restore-preview';

/** What a restore needs: applyRestore's options, less its lock wait and test hooks. */
export type RestoreOperationOptions = Omit<ApplyRestoreOptions, 'busyTimeoutMs' | 'safetyBackupTestHooks'>;

/** Applies a restore; applyRestore makes the safety backup itself, inside this lock. */
export function restoreOperation(o: RestoreOperationOptions): Promise<RestoreResult> {
  // The real file: a replace through a symlink must write the file the link points to.
  const libraryPath = realPathOf(o.libraryPath);
  return withLibraryLock(libraryPath, 'a restore', () =>
    applyRestore({
      ...o,
      libraryPath,
    }),
  ).catch((err: unknown) => {
    throw explainDamage(err, libraryPath);
  });
}

/** Read-only comparison of a backup with the live library. */
export function previewOperation(o: PreviewRestoreOptions): Promise<RestorePreview> {
  return previewRestore(o).catch((err: unknown) => {
    throw explainDamage(err, o.libraryPath);
  });
}
