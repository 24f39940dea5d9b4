// One mutating job at a time per library, across processes (CLI and app). A lock
// left by a crashed process is detected (dead pid) and taken over.
// OWNER: backup helper.

/** Runs `fn` holding the library's lock; ContractError('busy') naming the holder when taken. */
export async function withLibraryLock<T>(
  libraryPath: string,
  what: string,
  fn: () => Promise<T>,
): Promise<T> {
  void libraryPath;
  void what;
  void fn;
  throw new Error('not implemented');
}
