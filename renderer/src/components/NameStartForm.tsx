// The "optional name + start" form that "Back up now" and "Take snapshot" share: the
// name is checked live against the contract's schema and its first broken rule shown
// under the field; the button stays off while the name is bad or a job runs.
import { useId, type FormEvent } from 'react';
import type { ZodType } from 'zod';
import { firstZodIssue } from '../../../shared/zod-issues';

/** The first rule `name` breaks, or null when it is fine (empty means "no name"). */
export function nameProblem(schema: ZodType, name: string): string | null {
  if (name === '') return null;
  const parsed = schema.safeParse(name);
  return parsed.success ? null : firstZodIssue(parsed.error, 'This name cannot be used.');
}

interface NameStartFormProps {
  /** E.g. "Backup name (optional)". */
  label: string;
  placeholder: string;
  buttonLabel: string;
  name: string;
  onNameChange(name: string): void;
  /** What the name breaks (from nameProblem), or null. */
  problem: string | null;
  disabled: boolean;
  /** Called with the name when it is fine and the form is not disabled. */
  onStart(name: string): void;
}

export function NameStartForm(props: NameStartFormProps) {
  const fieldId = useId();
  const problemId = useId();
  const { problem } = props;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (problem || props.disabled) return;
    props.onStart(props.name);
  };

  return (
    <form className="backup-form" onSubmit={submit} noValidate>
      <label htmlFor={fieldId}>{props.label}</label>
      <div className="backup-form-row">
        <input
          id={fieldId}
          className="input"
          type="text"
          value={props.name}
          maxLength={200}
          placeholder={props.placeholder}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? problemId : undefined}
          onChange={(e) => props.onNameChange(e.target.value)}
        />
        <button type="submit" className="button button-primary" disabled={props.disabled || problem !== null}>
          {props.buttonLabel}
        </button>
      </div>
      {problem && (
        <p id={problemId} className="field-problem" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}
