// One labelled input of a form's `number-fields` row, with its problem under it: the
// problem marks the input invalid, is announced, and describes it. A number by default
// (whole steps, the numeric keyboard); any input attribute can be passed through.
import { useId, type InputHTMLAttributes, type ReactNode } from 'react';

type PassedThrough = Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'id' | 'aria-invalid' | 'aria-describedby' | 'children'
>;

interface InputFieldProps extends PassedThrough {
  label: ReactNode;
  /** What is wrong with the value; nothing when it is fine. */
  problem?: string | null | undefined;
  /** A problem of the group this input belongs to: its element id, and it marks the input invalid too. */
  groupProblemId?: string | null | undefined;
}

export function InputField({
  label,
  problem,
  groupProblemId,
  className = 'input',
  type = 'number',
  ...input
}: InputFieldProps) {
  const id = useId();
  const problemId = useId();
  const describedBy = [problem ? problemId : null, groupProblemId].filter(Boolean).join(' ');
  const numeric = type === 'number' ? { inputMode: 'numeric' as const, step: 1 } : {};
  return (
    <div className="number-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className={className}
        type={type}
        {...numeric}
        {...input}
        aria-invalid={describedBy ? true : undefined}
        aria-describedby={describedBy || undefined}
      />
      {problem && (
        <p id={problemId} className="field-problem" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
