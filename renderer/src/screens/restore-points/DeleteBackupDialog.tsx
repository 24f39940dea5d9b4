// Confirmation before a restore point is removed for good.
import type { BackupListEntry } from '../../../../shared/types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { backupLabel, formatDateTime } from '../../format';

interface DeleteBackupDialogProps {
  entry: BackupListEntry;
  onConfirm(): Promise<void>;
  onCancel(): void;
}

export function DeleteBackupDialog({ entry, onConfirm, onCancel }: DeleteBackupDialogProps) {
  // Unnamed backups are called by their time, as in the table.
  const what = entry.name
    ? `“${entry.name}”${entry.createdAt ? ` from ${formatDateTime(entry.createdAt)}` : ''}`
    : `The backup from ${backupLabel(entry)}`;
  return (
    <ConfirmDialog
      title="Delete restore point?"
      confirmLabel="Delete"
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      <p>{what} will be removed from the backup folder. This cannot be undone.</p>
      {entry.pinned && <p>It is pinned, so cleanup would have kept it.</p>}
    </ConfirmDialog>
  );
}
