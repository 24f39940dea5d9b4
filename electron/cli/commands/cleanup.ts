// `backbeat cleanup --keep N [--dry-run]`: removes all but the N newest backups (pinned ones stay).
// `backbeat cleanup --policy "<policy>" [--dry-run]` (or --keep-* flags) applies a retention
// policy instead; see cleanup-policy.ts.
import type { BackupListEntry, CleanupResult } from '../../../shared/types';
import { cleanupOperation } from '../../engine/app/use-cases/cleanup';
import { UsageError } from '../args';
import { formatBytes, formatLocalTime } from '../format';
import type { CommandSpec } from '../invocation';
import { listEntryJson } from '../json-shapes';
import { policyFromInvocation, RETENTION_FLAGS } from '../policy-flags';
import { cleanupWithPolicy } from './cleanup-policy';

const MAX_KEEP = 100_000;

function line(e: BackupListEntry): string {
  const name = e.name ? ` "${e.name}"` : '';
  return `  ${e.id}${name}  ${formatLocalTime(e.createdAt)}  ${formatBytes(e.sizeBytes)}\n`;
}

export function renderCleanup(result: CleanupResult): string {
  const freed = result.removed.reduce((sum, e) => sum + (e.sizeBytes ?? 0), 0);
  const verb = result.dryRun ? 'Would remove' : 'Removed';
  let text =
    result.removed.length === 0
      ? 'Nothing to remove.\n'
      : `${verb} ${result.removed.length} backup${result.removed.length === 1 ? '' : 's'} (${formatBytes(freed)}):\n` +
        result.removed.map(line).join('');
  text += `Kept ${result.kept.length}.\n`;
  if (result.dryRun && result.removed.length > 0) text += 'Nothing was removed (dry run).\n';
  return text;
}

export const cleanupCommand: CommandSpec = {
  name: 'cleanup',
  synopsis: 'cleanup --keep N | --policy "<policy>" [--dry-run]',
  flags: ['keep', 'dry-run', ...RETENTION_FLAGS],
  async run(inv) {
    const policy = policyFromInvocation(inv);
    if (policy !== null && inv.value('keep') !== undefined) {
      throw new UsageError(
        'cleanup takes either --keep N or a retention policy (--policy, --keep-*), not both.',
      );
    }
    if (policy !== null) return cleanupWithPolicy(inv, policy);
    // Zero is refused here: the CLI never removes every backup.
    const keep = inv.count('keep', 1, MAX_KEEP);
    if (keep === undefined) {
      throw new UsageError(
        'cleanup needs --keep N: how many of the newest backups to keep (or --policy "<policy>", e.g. "daily=7,weekly=4").',
      );
    }
    const dryRun = inv.has('dry-run');
    const backupDir = inv.backupDir();
    const result = await cleanupOperation(inv.libraryOrNull(), backupDir, { keep, dryRun, allowZero: false });
    inv.result(
      {
        dryRun: result.dryRun,
        removed: result.removed.map(listEntryJson),
        kept: result.kept.map(listEntryJson),
      },
      () => renderCleanup(result),
    );
    return 0;
  },
};
