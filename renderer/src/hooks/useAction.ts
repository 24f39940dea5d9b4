// One call to the host behind a button or a form: busy while it runs (so controls can
// be disabled), its error sentence shown until the next try. Every form and dialog that
// awaits a bridge call uses this instead of its own busy/error/try/finally.
import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import { errorMessage } from '../errors';

export interface Action<A extends unknown[]> {
  /** Runs the call; resolves true when it succeeded, false when it failed (its sentence is in `error`). */
  run(...args: A): Promise<boolean>;
  busy: boolean;
  error: string | null;
  /** For the form's own checks before calling (e.g. "Type the folder first."), or null to clear. */
  setError(message: string | null): void;
}

export interface ActionOptions {
  /**
   * Stay busy after success: for a dialog that closes, or a screen that moves on, once the
   * call succeeds, so nothing in it can be pressed again meanwhile. Busy ends only on failure.
   */
  busyAfterSuccess?: boolean;
}

export function useAction<A extends unknown[]>(
  call: (...args: A) => Promise<unknown>,
  { busyAfterSuccess = false }: ActionOptions = {},
): Action<A> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // `run` stays the same function across renders but always calls the latest `call`.
  const latest = useRef(call);
  useLayoutEffect(() => {
    latest.current = call;
  });

  const run = useCallback(
    async (...args: A) => {
      setBusy(true);
      setError(null);
      try {
        await latest.current(...args);
        if (!busyAfterSuccess) setBusy(false);
        return true;
      } catch (err) {
        setError(errorMessage(err));
        setBusy(false);
        return false;
      }
    },
    [busyAfterSuccess],
  );

  return { run, busy, error, setError };
}
