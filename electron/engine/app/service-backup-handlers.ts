// The contract's backup and restore methods: back up, verify, compare a backup with the
// library (a preview kept for paging), restore, pin and delete.
import type { HandlersFor, ServiceContext } from './service-context';
import { findBackup, refuseWhileMutating } from './service-context';
import { backupOperation } from './use-cases/backup';
import {
  deleteBackupOperation,
  listBackups,
  setPinned,
  verifyAllBackups,
  verifyAllVerdict,
  verifyOperation,
} from './use-cases/backups';
import { previewOperation, restoreOperation } from './use-cases/restore';
import type { PreviewStore } from './preview-store';

type BackupMethod =
  | 'listBackups'
  | 'getBackup'
  | 'startBackup'
  | 'startVerify'
  | 'startVerifyAll'
  | 'startRestorePreview'
  | 'getRestorePreviewPage'
  | 'startRestore'
  | 'setPinned'
  | 'deleteBackup';

export function backupHandlers(s: ServiceContext, previews: PreviewStore): HandlersFor<BackupMethod> {
  return {
    listBackups: async () => listBackups(s.backupDir()),

    getBackup: async ({ id }) => findBackup(s.backupDir(), id),

    startBackup: async ({ name }) => {
      const libraryPath = s.requireLibrary();
      const backupDir = s.backupDir();
      refuseWhileMutating(s.jobs);
      const title = name ? `Backing up as "${name}"` : 'Backing up the library';
      const job = s.jobs.start('backup', title, async (ctx) => {
        const meta = await backupOperation({
          libraryPath,
          backupDir,
          ...(name !== undefined ? { name } : {}),
          trigger: 'manual',
          appVersion: s.appVersion,
          ctx,
        });
        s.emit({ type: 'backups-changed' });
        return meta;
      });
      return { jobId: job.id };
    },

    startVerify: async ({ id }) => {
      const backupDir = s.backupDir();
      const entry = await findBackup(backupDir, id);
      const job = s.jobs.start('verify', `Verifying ${entry.name ?? entry.id}`, async (ctx) => {
        try {
          return await verifyOperation(backupDir, id, ctx);
        } finally {
          // The outcome is recorded in the backup's metadata.
          s.emit({ type: 'backups-changed' });
        }
      });
      return { jobId: job.id };
    },

    startVerifyAll: async () => {
      const backupDir = s.backupDir();
      const job = s.jobs.start(
        'verify',
        'Verifying every backup',
        async (ctx) => {
          try {
            return await verifyAllBackups(backupDir, ctx);
          } finally {
            // Each outcome is recorded in its backup's metadata.
            s.emit({ type: 'backups-changed' });
          }
        },
        verifyAllVerdict,
      );
      return { jobId: job.id };
    },

    startRestorePreview: async ({ id, include, undo }) => {
      const libraryPath = s.requireLibrary();
      const backupDir = s.backupDir();
      const entry = await findBackup(backupDir, id);
      const job = s.jobs.start(
        'restore-preview',
        `Comparing ${entry.name ?? entry.id} with the library`,
        async (ctx) => {
          const preview = await previewOperation({
            libraryPath,
            backupDir,
            id,
            ctx,
            ...(include !== undefined ? { include } : {}),
            ...(undo !== undefined ? { undo } : {}),
          });
          return previews.add(preview.summary, preview.changes);
        },
      );
      return { jobId: job.id };
    },

    getRestorePreviewPage: async (args) => previews.page(args),

    startRestore: async ({ id, mode, include, undo, otherLibrary }) => {
      const libraryPath = s.requireLibrary();
      const backupDir = s.backupDir();
      const entry = await findBackup(backupDir, id);
      refuseWhileMutating(s.jobs);
      const verb =
        mode === 'replace'
          ? 'Replacing the library with'
          : undo
            ? 'Undoing the restore saved in'
            : 'Restoring analysis from';
      const job = s.jobs.start('restore', `${verb} ${entry.name ?? entry.id}`, async (ctx) => {
        try {
          return await restoreOperation({
            libraryPath,
            backupDir,
            id,
            mode,
            appVersion: s.appVersion,
            ctx,
            ...(include !== undefined ? { include } : {}),
            ...(undo !== undefined ? { undo } : {}),
            ...(otherLibrary !== undefined ? { otherLibrary } : {}),
          });
        } finally {
          // Even a failed restore may have left its safety backup behind.
          s.emit({ type: 'library-changed' });
          s.emit({ type: 'backups-changed' });
        }
      });
      return { jobId: job.id };
    },

    setPinned: async ({ id, pinned }) => {
      const meta = await setPinned(s.backupDir(), id, pinned);
      s.emit({ type: 'backups-changed' });
      return meta;
    },

    deleteBackup: async ({ id }) => {
      const backupDir = s.backupDir();
      await findBackup(backupDir, id);
      await deleteBackupOperation(s.libraryOrNull(), backupDir, id);
      s.emit({ type: 'backups-changed' });
      return { deleted: id };
    },
  };
}
