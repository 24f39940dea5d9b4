// Confirmation before a destination is forgotten. The engine leaves the copy where it
// is (the user deletes it, if ever, on that disk or server), and the dialog says so.
import type { DestinationEntry } from '../../../../shared/destination-types';
import { ConfirmDialog } from '../../components/ConfirmDialog';

interface RemoveDestinationDialogProps {
  entry: DestinationEntry;
  onConfirm(): Promise<void>;
  onCancel(): void;
}

export function RemoveDestinationDialog({ entry, onConfirm, onCancel }: RemoveDestinationDialogProps) {
  return (
    <ConfirmDialog
      title={`Remove destination “${entry.name}”?`}
      confirmLabel="Remove"
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      <p>
        Backbeat stops copying to <span className="mono">{entry.location}</span>.
      </p>
      <p>
        The copy already there is not deleted: it stays where it is, and you can still recover from it or add
        it again later.
      </p>
    </ConfirmDialog>
  );
}
