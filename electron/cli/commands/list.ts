// `backbeat list`: the backups in the folder, newest first.
import type { BackupListEntry } from '../../../shared/types';
import { listBackups } from '../../engine/app/use-cases/backups';
import { formatBytes, formatCount, formatLocalTime, renderTable } from '../format';
import type { CommandSpec } from '../invocation';
import { listEntryJson } from '../json-shapes';

function verifiedText(entry: BackupListEntry): string {
  if (entry.verified === null) return '-';
  return entry.verified ? 'ok' : 'FAILED';
}

export function renderBackupTable(entries: readonly BackupListEntry[]): string {
  const rows = entries.map((e) => [
    e.id,
    e.name ?? '',
    formatLocalTime(e.createdAt),
    e.trigger ?? '',
    e.trackCount === null ? '-' : formatCount(e.trackCount),
    formatBytes(e.sizeBytes),
    e.pinned ? 'yes' : '',
    verifiedText(e),
  ]);
  let text = renderTable(['ID', 'NAME', 'CREATED', 'TRIGGER', 'TRACKS', 'SIZE', 'PINNED', 'VERIFIED'], rows, [
    'TRACKS',
    'SIZE',
  ]);
  for (const e of entries) {
    if (e.status !== 'ok') text += `! ${e.id}: ${e.problem ?? e.status}\n`;
  }
  return text;
}

export const listCommand: CommandSpec = {
  name: 'list',
  synopsis: 'list',
  flags: [],
  async run(inv) {
    const backupDir = inv.backupDir();
    const entries = await listBackups(backupDir);
    inv.result(entries.map(listEntryJson), () =>
      entries.length === 0
        ? `No backups in ${backupDir} yet. Make one with: ${inv.cliName()} backup\n`
        : renderBackupTable(entries),
    );
    return 0;
  },
};
