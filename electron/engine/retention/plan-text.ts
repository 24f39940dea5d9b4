// A retention result as text for the CLI and logs: what goes, and for each backup
// kept, the rules that keep it (the preview the issue asks for).
import type { RetentionResult } from '../../../shared/schedule-types';
import type { BackupListEntry } from '../../../shared/types';
import { formatBytes } from '../health/status-report';
import { pad2 } from '../schedule/local-time';

function localTime(iso: string | null): string {
  if (!iso) return 'date unknown    ';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

function label(entry: BackupListEntry): string {
  return `${entry.id}  ${localTime(entry.createdAt)}${entry.name ? `  "${entry.name}"` : ''}`;
}

export function formatRetentionResult(result: RetentionResult): string {
  const lines = [`Policy: ${result.policyText}`];
  const freed = result.removed.reduce((sum, e) => sum + (e.sizeBytes ?? 0), 0);
  const count = result.removed.length;
  const plural = count === 1 ? '' : 's';
  if (count === 0) lines.push('Nothing to remove.');
  else
    lines.push(
      `${result.dryRun ? 'Would remove' : 'Removed'} ${count} backup${plural} (${formatBytes(freed)}):`,
    );
  const removedIds = new Set(result.removed.map((e) => e.id));
  for (const d of result.decisions) if (removedIds.has(d.id)) lines.push(`  ${label(d.entry)}`);
  lines.push(`Keeping ${result.kept.length}:`);
  for (const d of result.decisions) {
    if (!removedIds.has(d.id)) {
      const why = d.reasons.map((r) => r.text).join('; ') || 'deletion failed';
      lines.push(`  ${label(d.entry)}  (${why})`);
    }
  }
  for (const f of result.failures) lines.push(`Could not remove ${f.id}: ${f.error}`);
  if (result.dryRun && count > 0) lines.push('Nothing was removed (dry run).');
  return `${lines.join('\n')}\n`;
}
