// One option of a `choice-group` fieldset: a radio button with its text (and, under it,
// an optional note) as its label.
import type { ReactNode } from 'react';

interface RadioChoiceProps {
  /** The group's name, shared by its options. */
  name: string;
  checked: boolean;
  onSelect(): void;
  children: ReactNode;
}

export function RadioChoice({ name, checked, onSelect, children }: RadioChoiceProps) {
  return (
    <label className="choice">
      <input type="radio" name={name} checked={checked} onChange={() => onSelect()} />
      <span className="choice-text">{children}</span>
    </label>
  );
}
