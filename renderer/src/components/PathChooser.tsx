// "Choose a file/folder": the native dialog in Electron; in browser mode (no native
// dialogs, the host answers `{ path: null }`) a text field for typing the path.
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { errorMessage } from '../errors';
import { ErrorNotice } from './ErrorNotice';

interface PathChooserProps {
  /** Text of the button that starts choosing, e.g. "Change..." or "Open library...". */
  buttonLabel: string;
  /** The button's accessible name when its text alone is ambiguous, e.g. "Change library...". */
  buttonName?: string;
  buttonClassName?: string;
  describedBy?: string;
  /** Label of the typed-path field, e.g. "Library path". */
  fieldLabel: string;
  submitLabel: string;
  placeholder?: string;
  /** Whether a null answer from `choose` means "no dialog here" (show the field) or "user cancelled". */
  nativeDialogs: boolean;
  /** Keep the field open once shown (the welcome screen has nothing else to show). */
  fieldStaysOpen?: boolean;
  disabled?: boolean;
  choose(): Promise<{ path: string | null }>;
  /** Opens/uses the path; rejects with a sentence the field shows. */
  apply(path: string): Promise<void>;
  /** Extra controls beside the button (e.g. "Use default"). */
  children?: ReactNode;
}

export function PathChooser(props: PathChooserProps) {
  const fieldId = useId();
  const [fieldOpen, setFieldOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const applyPath = async (path: string) => {
    setBusy(true);
    setError(null);
    try {
      await props.apply(path);
      if (!props.fieldStaysOpen) setFieldOpen(false);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const startChoosing = async () => {
    setError(null);
    let chosen: string | null;
    try {
      chosen = (await props.choose()).path;
    } catch (err) {
      setError(errorMessage(err));
      return;
    }
    if (chosen) await applyPath(chosen);
    else if (!props.nativeDialogs) setFieldOpen(true);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const path = typed.trim();
    if (!path) {
      setError('Type the full path first.');
      return;
    }
    void applyPath(path);
  };

  return (
    <div className="path-chooser">
      <div className="button-row">
        <button
          type="button"
          className={props.buttonClassName ?? 'button'}
          onClick={startChoosing}
          disabled={busy || props.disabled}
          aria-describedby={props.describedBy}
          aria-label={props.buttonName}
        >
          {props.buttonLabel}
        </button>
        {props.children}
      </div>
      {fieldOpen && (
        <form className="path-form" onSubmit={submit}>
          <label htmlFor={fieldId}>{props.fieldLabel}</label>
          <div className="path-form-row">
            <input
              id={fieldId}
              className="input input-mono"
              type="text"
              value={typed}
              placeholder={props.placeholder}
              spellCheck={false}
              autoComplete="off"
              autoFocus
              onChange={(e) => setTyped(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape' && !props.fieldStaysOpen) setFieldOpen(false);
              }}
              disabled={busy}
            />
            <button type="submit" className="button button-primary" disabled={busy}>
              {props.submitLabel}
            </button>
            {!props.fieldStaysOpen && (
              <button type="button" className="button" onClick={() => setFieldOpen(false)} disabled={busy}>
                Cancel
              </button>
            )}
          </div>
        </form>
      )}
      <ErrorNotice message={error} />
    </div>
  );
}
