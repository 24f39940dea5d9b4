// `backbeat backup [--name NAME]`: one backup of the library, now.
import { ContractError } from '../../../shared/errors';
import type { BackupMeta } from '../../../shared/types';
import {
  backupOperation,
  checkBackupRequest,
  resolveBackupDir,
  type CheckedBackupTarget,
} from '../../engine/app/use-cases/backup';
import { UsageError } from '../args';
import { formatBytes, formatCount } from '../format';
import type { CommandSpec } from '../invocation';

/**
 * The use case's one check of the name and the library, made here before the job
 * starts: a name that could smuggle a path or break a listing is a usage error (exit
 * 2); a missing or non-SQLite library is a failure (exit 1) like any other.
 */
function checkRequest(libraryPath: string, name: string | undefined): CheckedBackupTarget {
  try {
    return checkBackupRequest(libraryPath, name);
  } catch (err) {
    // Only the name check says bad-arguments; the library check never does.
    if (err instanceof ContractError && err.code === 'bad-arguments') throw new UsageError(err.message);
    throw err;
  }
}

function describeBackup(meta: BackupMeta, backupDir: string): string {
  const label = meta.name ? `"${meta.name}" (${meta.id})` : meta.id;
  return (
    `Backed up ${formatCount(meta.stats.tracks)} tracks as ${label}: ` +
    `${formatBytes(meta.sizes.compressedBytes)} from ${formatBytes(meta.sizes.databaseBytes)} of database.\n` +
    `Folder: ${backupDir}\n`
  );
}

export const backupCommand: CommandSpec = {
  name: 'backup',
  synopsis: 'backup [--name NAME]',
  flags: ['name'],
  async run(inv) {
    const libraryPath = inv.libraryUnchecked();
    const checked = checkRequest(libraryPath, inv.value('name'));
    const backupDir = inv.backupDirOrNull() ?? resolveBackupDir(libraryPath, null);
    const meta = await inv.job((ctx) =>
      backupOperation({
        libraryPath,
        backupDir,
        checked,
        trigger: 'manual',
        appVersion: inv.appVersion,
        ctx,
      }),
    );
    inv.result(meta, () => describeBackup(meta, backupDir));
    return 0;
  },
};
