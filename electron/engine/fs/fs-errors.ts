// Turning file-system errors into sentences a user can act on.
import { ContractError } from '../../../shared/errors';

/** A short reason for a Node file-system error, e.g. "the disk is full". */
export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOSPC':
      return 'the disk is full';
    case 'EDQUOT':
      return 'the disk quota is used up';
    case 'EACCES':
    case 'EPERM':
      return 'permission was denied';
    case 'EROFS':
      return 'the disk is read-only';
    case 'ENOTDIR':
      return 'part of the path is a file, not a folder';
    case 'ENOENT':
      return 'the folder does not exist (it may have been removed)';
    case 'EISDIR':
      return 'a folder is in the way';
    default:
      return err instanceof Error ? err.message : String(err);
  }
}

/** ContractError('io') for a failed write in the backup folder. Passes ContractErrors through. */
export function backupWriteError(err: unknown, backupDir: string): ContractError {
  if (err instanceof ContractError) return err;
  return new ContractError(
    'io',
    `Could not write the backup in ${backupDir}: ${describeFsError(err)}. ` +
      'Check that the folder is writable and has free space, or choose another backup folder.',
  );
}

/**
 * A disk-full error (ENOSPC, EDQUOT, or SQLite's SQLITE_FULL) as a sentence starting
 * with `what`; null for any other error.
 */
export function diskFullError(err: unknown, what: string): ContractError | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (code !== 'ENOSPC' && code !== 'EDQUOT' && code !== 'SQLITE_FULL') return null;
  const reason = code === 'EDQUOT' ? 'the disk quota is used up' : 'the disk is full';
  return new ContractError(
    'io',
    `${what}: ${reason}. Nothing was changed; free some space (or move the library to a bigger disk) and try again.`,
  );
}

export function isErrnoCode(err: unknown, ...codes: string[]): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && codes.includes(code);
}
