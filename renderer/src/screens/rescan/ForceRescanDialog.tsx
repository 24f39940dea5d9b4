// "Force rescan?": repeats what would be overwritten and only lets the rescan start
// once the user has typed exactly YES. Cancel has the initial focus; Escape closes.
import { useId, useRef, useState, type FormEvent } from 'react';
import { FORCE_RESCAN_CONFIRMATION, type RescanPlanView } from '../../../../shared/rescan-types';
import { Dialog } from '../../components/Dialog';
import { plural } from '../../format';

interface ForceRescanDialogProps {
  plan: RescanPlanView | null;
  onConfirm(confirmation: string): void;
  onCancel(): void;
}

export function ForceRescanDialog({ plan, onConfirm, onCancel }: ForceRescanDialogProps) {
  const titleId = useId();
  const bodyId = useId();
  const fieldId = useId();
  const hintId = useId();
  const cancelButton = useRef<HTMLButtonElement>(null);
  const [typed, setTyped] = useState('');
  const confirmed = typed === FORCE_RESCAN_CONFIRMATION;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (confirmed) onConfirm(typed);
  };

  return (
    <Dialog titleId={titleId} describedBy={bodyId} onClose={onCancel} initialFocus={cancelButton}>
      <form onSubmit={submit} noValidate>
        <h2 id={titleId} className="dialog-title">
          Force rescan?
        </h2>
        <div id={bodyId} className="dialog-body">
          {plan ? (
            <p>
              Every track is analysed again. The analysis of{' '}
              <strong>{plural(plan.wouldOverwrite, 'track')}</strong> will be overwritten, and{' '}
              <strong>{plural(plan.wouldOverwriteBeat3tower, 'track')}</strong> of them{' '}
              {plan.wouldOverwriteBeat3tower === 1 ? 'holds' : 'hold'} beat3tower features.
            </p>
          ) : (
            <p>Every track is analysed again and its current analysis is overwritten.</p>
          )}
          <p>An automatic backup of the library is made first, so you can restore the current analysis.</p>
        </div>
        <div className="confirm-field">
          <label htmlFor={fieldId}>Type YES to confirm</label>
          <input
            id={fieldId}
            className="input input-mono"
            type="text"
            value={typed}
            maxLength={64}
            autoComplete="off"
            spellCheck={false}
            aria-describedby={hintId}
            onChange={(e) => setTyped(e.target.value)}
          />
          <p id={hintId} className="muted confirm-hint">
            Capital letters, nothing else.
          </p>
        </div>
        <div className="dialog-actions">
          <button ref={cancelButton} type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="button button-danger" disabled={!confirmed}>
            Re-analyse all tracks
          </button>
        </div>
      </form>
    </Dialog>
  );
}
