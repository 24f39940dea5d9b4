// "Are you sure?" for destructive actions. Cancel has the initial focus so a stray
// Enter never destroys anything; the action reports its own failure inside.
import { useId, useRef, type ReactNode } from 'react';
import { useAction } from '../hooks/useAction';
import { Dialog } from './Dialog';
import { ErrorNotice } from './ErrorNotice';

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** Resolve to close the dialog; reject to show the error and stay open. */
  onConfirm(): Promise<void>;
  onCancel(): void;
}

export function ConfirmDialog({ title, children, confirmLabel, onConfirm, onCancel }: ConfirmDialogProps) {
  const titleId = useId();
  const bodyId = useId();
  const cancelButton = useRef<HTMLButtonElement>(null);
  // The caller closes the dialog once the action succeeds: busy until then.
  const { run: confirm, busy, error } = useAction(onConfirm, { busyAfterSuccess: true });

  return (
    <Dialog titleId={titleId} describedBy={bodyId} onClose={onCancel} busy={busy} initialFocus={cancelButton}>
      <h2 id={titleId} className="dialog-title">
        {title}
      </h2>
      <div id={bodyId} className="dialog-body">
        {children}
      </div>
      <ErrorNotice message={error} />
      <div className="dialog-actions">
        <button ref={cancelButton} type="button" className="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button type="button" className="button button-danger" onClick={() => void confirm()} disabled={busy}>
          {confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
