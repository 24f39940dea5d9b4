// `backbeat backup [--name NAME]`: one backup of the library, now.
import type { backupNameSchema } from '../../../shared/contract';
import type { BackupMeta } from '../../../shared/types';
import { backupOperation } from '../../engine/app/use-cases/backup';
import { UsageError } from '../args';
import { formatBytes, formatCount } from '../format';
import type { CommandSpec } from '../invocation';
import { describeZodIssues } from '../../../shared/zod-issues';

/**
 * A name that could smuggle a path or break a listing is a usage error, caught before
 * anything is written. The schema (zod) loads only when there is a name to check.
 */
export function checkBackupName(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, see above
  const { backupNameSchema } = require('../../../shared/contract') as Contract;
  const parsed = backupNameSchema.safeParse(name);
  if (!parsed.success) throw new UsageError(describeZodIssues(parsed.error));
  return parsed.data;
}

type Contract = { backupNameSchema: typeof backupNameSchema };

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
    const name = checkBackupName(inv.value('name'));
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
