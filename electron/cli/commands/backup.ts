// `backbeat backup [--name NAME]`: one backup of the library, now.
import { ContractError } from '../../../shared/errors';
import type { BackupMeta } from '../../../shared/types';
import { backupOperation, checkBackupName } from '../../engine/app/use-cases/backup';
import { UsageError } from '../args';
import { formatBytes, formatCount } from '../format';
import type { CommandSpec } from '../invocation';

/**
 * A name that could smuggle a path or break a listing is a usage error, caught before
 * anything is written, by the engine's one check of a backup name.
 */
export function checkBackupNameFlag(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  try {
    return checkBackupName(name);
  } catch (err) {
    if (err instanceof ContractError) throw new UsageError(err.message);
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
  positionals: { min: 0, max: 0, label: '' },
  async run(inv) {
    const name = checkBackupNameFlag(inv.value('name'));
    const libraryPath = inv.library();
    const backupDir = inv.backupDir();
    const meta = await inv.job((ctx) =>
      backupOperation({
        libraryPath,
        backupDir,
        ...(name !== undefined ? { name } : {}),
        trigger: 'manual',
        appVersion: inv.appVersion,
        ctx,
      }),
    );
    inv.result(meta, () => describeBackup(meta, backupDir));
    return 0;
  },
};
