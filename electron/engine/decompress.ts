// Decompressing a backup to a private temp file, checking its sha256 on the way.
// OWNER: backup helper.
import type { JobContext } from './progress';

export interface TempDatabase {
  path: string;
  /** Removes the temp file (and its folder). Safe to call twice. */
  dispose(): Promise<void>;
}

/** ContractError('corrupt') when the checksum or the gzip stream is bad. */
export async function decompressBackupToTemp(
  backupDir: string,
  id: string,
  ctx: JobContext,
): Promise<TempDatabase> {
  void backupDir;
  void id;
  void ctx;
  throw new Error('not implemented');
}
