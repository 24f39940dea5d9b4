// The one check of what a backup is asked for, its name and its library, made before
// anything is written or locked: by the use case for the service and the CLI, by
// createBackup for its other callers (restore's safety backup, a rescan's tier
// backups, the scheduler). A checked target is branded so createBackup can tell it
// need not check again.
import path from 'node:path';
import { assertSqliteFile } from '../library/library';
import { checkBackupName } from './backup-name';

declare const checkedTarget: unique symbol;

export interface CheckedBackupTarget {
  /** The library's absolute path, as given. */
  readonly libraryPath: string;
  /** The name as it will be stored; null for an unnamed backup. */
  readonly name: string | null;
  readonly [checkedTarget]: true;
}

/**
 * The name first (a bad one is the caller's mistake, whatever the library), then the
 * library file: a `bad-arguments`, `not-found`, `not-sqlite` or `io` ContractError
 * saying what is wrong, naming the library as it was given.
 */
export function checkBackupTarget(libraryPath: string, name: string | undefined): CheckedBackupTarget {
  const checkedName = name === undefined ? null : checkBackupName(name);
  const given = path.resolve(libraryPath);
  assertSqliteFile(given);
  return { libraryPath: given, name: checkedName } as CheckedBackupTarget;
}
