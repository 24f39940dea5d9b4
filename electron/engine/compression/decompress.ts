// Decompressing a backup to a private temp file, checking its sha256 on the way.
// OWNER: backup helper.
//
// This entry point reads and validates the metadata first; the unpacking itself is in
// restore-unpack.ts, which the restore worker calls with facts the main thread already
// took from the validated metadata.
import { readBackupMeta } from '../backup/backup-store';
import type { JobContext } from '../runtime/progress';
import { unpackFactsOf, unpackToTemp, type TempDatabase } from '../restore/restore-unpack';

export type { TempDatabase } from '../restore/restore-unpack';

/** ContractError('corrupt') when the checksum or the gzip stream is bad. */
export async function decompressBackupToTemp(
  backupDir: string,
  id: string,
  ctx: JobContext,
): Promise<TempDatabase> {
  const meta = await readBackupMeta(backupDir, id);
  return unpackToTemp(unpackFactsOf(backupDir, meta), ctx);
}
