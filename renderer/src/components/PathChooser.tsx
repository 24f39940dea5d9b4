// Where a path is given: `PathField`, the one text field for a folder or file path (with
// what goes beside it, e.g. "Choose..." or the form's buttons), and `PathChooser`,
// "Choose a file/folder": the native dialog in Electron; in browser mode (no native
// dialogs, the host answers `{ path: null }`) a PathField for typing the path.
import { useId, useState, type FormEvent, type ReactNode, type Ref } from 'react';
import { errorMessage } from '../errors';
import { useAction, type Action } from '../hooks/useAction';
import { ErrorNotice } from './ErrorNotice';

interface PathFieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  placeholder?: string | undefined;
  disabled?: boolean;
  autoFocus?: boolean;
  /** A sentence under the field (what may go in it); the field is described by it. */
  hint?: ReactNode;
  /** Controls in one row after the field, e.g. a small form's submit and Cancel. */
  actions?: ReactNode;
  /** Shows "Choose..." after the field (only where native dialogs exist). */
  onChoose?: (() => void) | undefined;
  /** Escape in the field (a small form closes). */
  onEscape?(): void;
  inputRef?: Ref<HTMLInputElement>;
  invalid?: boolean;
  /** The wrapper's class: its spacing and label weight come from the form it is in. */
  className?: string;
  /** Under the field, inside the wrapper (e.g. the error of "Choose..."). */
  children?: ReactNode;
  /** Makes the wrapper the form itself (a one-field form: path, submit, Cancel). */
  onSubmit?(event: FormEvent): void;
}

export function PathField(props: PathFieldProps) {
  const fieldId = useId();
  const hintId = useId();
  const input = (
    <input
      ref={props.inputRef}
      id={fieldId}
      className="input input-mono"
      type="text"
      value={props.value}
      placeholder={props.placeholder}
      autoComplete="off"
      spellCheck={false}
      autoFocus={props.autoFocus}
      aria-describedby={props.hint ? hintId : undefined}
      aria-invalid={props.invalid}
      disabled={props.disabled}
      onChange={(e) => props.onChange(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') props.onEscape?.();
      }}
    />
  );
  const Wrapper = props.onSubmit ? 'form' : 'div';
  return (
    <Wrapper className={props.className ?? 'dest-form-field'} onSubmit={props.onSubmit}>
      <label htmlFor={fieldId}>{props.label}</label>
      {props.actions || props.onChoose ? (
        <div className="path-form-row">
          {input}
          {props.actions}
          {props.onChoose && (
            <button type="button" className="button" disabled={props.disabled} onClick={props.onChoose}>
              Choose...
            </button>
          )}
        </div>
      ) : (
        input
      )}
      {props.hint && (
        <p id={hintId} className="muted small">
          {props.hint}
        </p>
      )}
      {props.children}
    </Wrapper>
  );
}

/** The submit of a one-path form: the trimmed path to `action.run`, or `emptyText` as its error when none was typed. */
export function submitTypedPath(
  event: FormEvent,
  typed: string,
  emptyText: string,
  action: Pick<Action<[string]>, 'run' | 'setError'>,
): void {
  event.preventDefault();
  const path = typed.trim();
  if (!path) {
    action.setError(emptyText);
    return;
  }
  void action.run(path);
}

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
  const [fieldOpen, setFieldOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const applying = useAction(async (path: string) => {
    await props.apply(path);
    if (!props.fieldStaysOpen) setFieldOpen(false);
  });
  const { busy, setError } = applying;
  const closeField = () => {
    if (!props.fieldStaysOpen) setFieldOpen(false);
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
    if (chosen) await applying.run(chosen);
    else if (!props.nativeDialogs) setFieldOpen(true);
  };

  const submit = (event: FormEvent) => submitTypedPath(event, typed, 'Type the full path first.', applying);

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
        <PathField
          className="path-form"
          onSubmit={submit}
          label={props.fieldLabel}
          value={typed}
          onChange={setTyped}
          placeholder={props.placeholder}
          autoFocus
          disabled={busy}
          onEscape={closeField}
          actions={
            <>
              <button type="submit" className="button button-primary" disabled={busy}>
                {props.submitLabel}
              </button>
              {!props.fieldStaysOpen && (
                <button type="button" className="button" onClick={closeField} disabled={busy}>
                  Cancel
                </button>
              )}
            </>
          }
        />
      )}
      <ErrorNotice message={applying.error} />
    </div>
  );
}
