// The two ends of a form behind a button (see useOpenableForm): the button that opens
// it, and its submit button (saying what is happening while the call runs) with Cancel.
interface OpenFormButtonProps {
  /** E.g. "Add destination...". */
  label: string;
  disabled: boolean;
  onOpen(): void;
}

export function OpenFormButton({ label, disabled, onOpen }: OpenFormButtonProps) {
  return (
    <div className="button-row">
      <button type="button" className="button button-primary" disabled={disabled} onClick={onOpen}>
        {label}
      </button>
    </div>
  );
}

interface SubmitCancelProps {
  /** E.g. "Add destination". */
  label: string;
  /** Shown on the submit button while the call runs, e.g. "Adding…". */
  busyLabel: string;
  busy: boolean;
  /** Submitting is not possible now (Cancel still is). */
  disabled: boolean;
  onCancel(): void;
}

export function SubmitCancel({ label, busyLabel, busy, disabled, onCancel }: SubmitCancelProps) {
  return (
    <>
      <button type="submit" className="button button-primary" disabled={busy || disabled}>
        {busy ? busyLabel : label}
      </button>
      <button type="button" className="button" disabled={busy} onClick={onCancel}>
        Cancel
      </button>
    </>
  );
}
