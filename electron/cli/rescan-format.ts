// What `backbeat rescan` says in words: the force warning from the plan, and the
// summary at the end with the first failures and their reasons and the backups made
// along the way.
import { failureName, type RescanPlanView, type RescanSummaryView } from '../../shared/rescan-types';
import type { ProgressTier } from '../../shared/schedule-types';
import { formatCount, formatSeconds } from './format';

/** How many failures the human summary lists; --json has the engine's full list. */
export const LISTED_FAILURES = 20;

export function forceWarning(plan: RescanPlanView): string {
  return (
    `A force rescan re-analyses ${formatCount(plan.toAnalyse)} tracks. ${formatCount(plan.wouldOverwrite)} ` +
    `of them have an analysis that would be overwritten (${formatCount(plan.wouldOverwriteBeat3tower)} ` +
    'with beat3tower features). A backup of the library is made first.'
  );
}

/** Some of the audio is missing (the scan still runs; those tracks will fail): say how many. Null when none is. */
export function missingAudioNote(plan: RescanPlanView): string | null {
  const { missing, checked, firstMissing } = plan.audio;
  if (missing === 0) return null;
  const first = firstMissing ? ` (first: ${firstMissing})` : '';
  return (
    `${formatCount(missing)} of the ${formatCount(checked)} tracks to analyse have no audio file${first}; ` +
    'they will be reported as failed.'
  );
}

export function renderRescanSummary(s: RescanSummaryView): string {
  const lines: string[] = [];
  const rate = `${s.tracksPerSecond.toFixed(1)} tracks/s, ${s.workers} worker${s.workers === 1 ? '' : 's'}`;
  const verb = s.cancelled ? 'Cancelled' : 'Finished';
  lines.push(
    `${verb} the ${s.mode} rescan: analysed ${formatCount(s.analysed)} of ${formatCount(s.selected)} ` +
      `selected tracks in ${formatSeconds(s.seconds)} (${rate}).`,
  );
  if (s.cancelled)
    lines.push('The tracks analysed before the cancel were kept; run the rescan again to continue.');
  if (s.backupId) lines.push(`Backup made before the force rescan: ${s.backupId}`);
  if (s.failedCount > 0) {
    lines.push(`${formatCount(s.failedCount)} tracks could not be analysed:`);
    for (const f of s.failed.slice(0, LISTED_FAILURES))
      lines.push(
        `  ${failureName(f)}: ${f.reason}${f.filePath && f.artist && f.title ? ` (${f.filePath})` : ''}`,
      );
    const more = s.failedCount - Math.min(s.failed.length, LISTED_FAILURES);
    if (more > 0) lines.push(`  ... and ${formatCount(more)} more (--json lists up to 1000).`);
  }
  return `${lines.join('\n')}\n`;
}

/** A backup the rescan made every N analysed tracks (`progressBackups` in --json). */
export interface ProgressBackupJson {
  id: string;
  name: string | null;
  tier: ProgressTier | null;
}

/** Nothing when the scan made none (no tiers saved, or too few tracks analysed). */
export function renderProgressBackups(backups: readonly ProgressBackupJson[]): string {
  if (backups.length === 0) return '';
  const lines = [`Backups made during the rescan: ${formatCount(backups.length)}`];
  for (const b of backups) lines.push(`  ${b.id}${b.name ? ` (${b.name})` : ''}`);
  return `${lines.join('\n')}\n`;
}
