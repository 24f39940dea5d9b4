// A small form behind a button ("Add destination...", "Set up repository..."): closed
// until opened; its call runs as a useAction and closes the form once it succeeds;
// Cancel and Escape close it (not while the call runs) and drop the last error, so a
// form opened again starts clean.
import type { KeyboardEvent } from 'react';
import { useState } from 'react';
import { useAction, type Action } from './useAction';

export interface OpenableForm<A extends unknown[]> extends Action<A> {
  open: boolean;
  openForm(): void;
  close(): void;
  /** For the form's onKeyDown: Escape anywhere in it closes it. */
  closeOnEscape(event: KeyboardEvent): void;
}

export function useOpenableForm<A extends unknown[]>(
  submit: (...args: A) => Promise<unknown>,
): OpenableForm<A> {
  const [open, setOpen] = useState(false);
  const action = useAction(async (...args: A) => {
    await submit(...args);
    setOpen(false);
  });
  const { busy, setError } = action;
  const close = () => {
    setOpen(false);
    setError(null);
  };
  const closeOnEscape = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && !busy) close();
  };
  return { ...action, open, openForm: () => setOpen(true), close, closeOnEscape };
}
