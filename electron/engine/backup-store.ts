// The backup folder: listing, reading and validating metadata, resolving refs, pin, delete.
// OWNER: backup helper.
import type { BackupListEntry, BackupMeta } from '../../shared/types';

/** Default backup folder: `backbeat-backups` beside the library file. */
export function defaultBackupDir(libraryPath: string): string {
  void libraryPath;
  throw new Error('not implemented');
}

/** Newest first, from metadata only. Never throws for one bad entry; marks it instead. */
export async function listBackups(backupDir: string): Promise<BackupListEntry[]> {
  void backupDir;
  throw new Error('not implemented');
}

/** Reads and validates one backup's metadata; ContractError('not-found' | 'corrupt') otherwise. */
export async function readBackupMeta(backupDir: string, id: string): Promise<BackupMeta> {
  void backupDir;
  void id;
  throw new Error('not implemented');
}

/** id, name, unique id prefix, or `latest`. ContractError('ambiguous') lists the candidates. */
export async function resolveRef(backupDir: string, ref: string): Promise<BackupListEntry> {
  void backupDir;
  void ref;
  throw new Error('not implemented');
}

export async function setPinned(backupDir: string, id: string, pinned: boolean): Promise<BackupMeta> {
  void backupDir;
  void id;
  void pinned;
  throw new Error('not implemented');
}

export async function deleteBackup(backupDir: string, id: string): Promise<void> {
  void backupDir;
  void id;
  throw new Error('not implemented');
}
