// Every error the host sends carries a sentence meant for the user; show that.

/** The user-facing sentence for anything thrown or rejected. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error && err.message) return err.message;
  if (typeof err === 'string' && err) return err;
  return 'Something went wrong. Try again; if it keeps happening, restart Backbeat.';
}

/** The error's `code` (set by both bridges), or null when there is none. */
export function errorCode(err: unknown): string | null {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string')
    return err.code;
  return null;
}
