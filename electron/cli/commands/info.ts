// `backbeat info <ref>`: everything recorded about one backup.
import type { BackupListEntry, BackupMeta } from '../../../shared/types';
import { resolveRef } from '../../engine/app/use-cases/backups';
import { formatBytes, formatCount, formatLocalTime, renderPairs } from '../format';
import type { CommandSpec } from '../invocation';
import { listEntryJson } from '../json-shapes';

function verifiedLine(meta: BackupMeta): string {
  const v = meta.lastVerified;
  if (!v) return 'never';
  const when = formatLocalTime(v.at);
  return v.ok ? `ok (${when})` : `FAILED (${when}): ${v.problems.join('; ')}`;
}

export function renderMeta(meta: BackupMeta): string {
  return renderPairs([
    ['ID', meta.id],
    ['Name', meta.name ?? '-'],
    ['Created', `${formatLocalTime(meta.createdAt)} (${meta.createdAt})`],
    ['Trigger', meta.trigger],
    ['Library', `${meta.library.path} (layout ${meta.library.variant})`],
    ['Tracks', formatCount(meta.stats.tracks)],
    [
      'Analysed',
      `${formatCount(meta.stats.analyzed)} (${formatCount(meta.stats.beat3tower)} beat3tower, ${formatCount(meta.stats.legacy)} legacy)`,
    ],
    ['Pending', formatCount(meta.stats.pending)],
    ['Failed', formatCount(meta.stats.failed)],
    [
      'Size',
      `${formatBytes(meta.sizes.compressedBytes)} (database ${formatBytes(meta.sizes.databaseBytes)})`,
    ],
    ['SHA-256', meta.sha256],
    ['Pinned', meta.pinned ? 'yes' : 'no'],
    ['Verified', verifiedLine(meta)],
    ['Made by', `Backbeat ${meta.appVersion}`],
  ]);
}

export const infoCommand: CommandSpec = {
  name: 'info',
  synopsis: 'info <ref>',
  flags: [],
  positionals: { min: 1, max: 1, label: '<ref>' },
  async run(inv) {
    const entry: BackupListEntry = await resolveRef(inv.backupDir(), inv.positionals[0]!);
    const meta = entry.meta;
    if (entry.status !== 'ok' || !meta) {
      inv.result(listEntryJson(entry), () => `Backup ${entry.id}: ${entry.problem ?? entry.status}\n`);
      return 1;
    }
    inv.result({ ...meta, status: entry.status, problem: entry.problem }, () => renderMeta(meta));
    return 0;
  },
};
