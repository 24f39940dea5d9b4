// What can be done with the selected restore point: Verify, Restore..., Pin/Unpin, Delete.
import { useEffect, useState } from 'react';
import type { BackupListEntry } from '../../../../shared/types';
import { useBridge } from '../../bridge/bridge-context';
import { ErrorNotice } from '../../components/ErrorNotice';
import { backupLabel } from '../../format';
import { useToasts } from '../../hooks/toasts-context';
import { useAction } from '../../hooks/useAction';
import { DeleteBackupDialog } from './DeleteBackupDialog';

interface BackupActionsProps {
  entry: BackupListEntry;
  verifying: boolean;
  onVerify(): void;
  onRestore(): void;
  /** After deletion; the list reloads and the selection moves on. */
  onDeleted(id: string): void;
  onPinnedChanged(): void;
}

export function BackupActions({
  entry,
  verifying,
  onVerify,
  onRestore,
  onDeleted,
  onPinnedChanged,
}: BackupActionsProps) {
  const bridge = useBridge();
  const { notify } = useToasts();
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const pin = useAction(async () => {
    await bridge.setPinned({ id: entry.id, pinned: !entry.pinned });
    notify(entry.pinned ? 'Restore point unpinned.' : 'Restore point pinned; cleanup will keep it.');
    onPinnedChanged();
  });
  const usable = entry.status === 'ok';

  // A pin error belongs to the entry it happened on.
  const clearPinError = pin.setError;
  useEffect(() => clearPinError(null), [entry.id, clearPinError]);

  const remove = async () => {
    await bridge.deleteBackup({ id: entry.id });
    setConfirmingDelete(false);
    notify(`Restore point “${backupLabel(entry)}” deleted.`);
    onDeleted(entry.id);
  };

  return (
    <>
      <div className="button-row" role="group" aria-label="Restore point actions">
        <button type="button" className="button" onClick={onVerify} disabled={verifying}>
          Verify
        </button>
        <button
          type="button"
          className="button button-primary"
          onClick={onRestore}
          disabled={!usable}
          title={
            usable ? undefined : 'This restore point’s metadata cannot be read, so it cannot be previewed.'
          }
        >
          Restore...
        </button>
        <button
          type="button"
          className="button"
          onClick={() => void pin.run()}
          disabled={!usable || pin.busy}
        >
          {entry.pinned ? 'Unpin' : 'Pin'}
        </button>
        <button
          type="button"
          className="button button-danger-quiet"
          onClick={() => setConfirmingDelete(true)}
        >
          Delete
        </button>
      </div>
      <ErrorNotice message={pin.error} />
      {confirmingDelete && (
        <DeleteBackupDialog entry={entry} onConfirm={remove} onCancel={() => setConfirmingDelete(false)} />
      )}
    </>
  );
}
