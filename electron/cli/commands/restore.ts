// `backbeat restore <ref> [--apply] [--replace]`: previews by default; changes the
// library only with --apply (after a safety backup, made by the engine).
import { ContractError } from '../../../shared/contract';
import type {
  BackupListEntry,
  FormatCounts,
  RestorePreviewSummary,
  RestoreResult,
  TrackChange,
} from '../../../shared/types';
import { resolveRef } from '../../engine/backup-store';
import { getLibraryStats } from '../../engine/library';
import { previewOperation, restoreOperation } from '../../engine/operations';
import type { RestorePreview } from '../../engine/restore-preview';
import { formatCount, formatLocalTime, renderPairs, shellQuote } from '../format';
import type { CommandSpec, Invocation } from '../invocation';
import { CANCELLED_MESSAGE } from '../run-job';

/** How many changes (and unmatched tracks) the preview prints; the totals are always there. */
export const PREVIEW_LIST_LIMIT = 50;

export interface PreviewJson extends Omit<RestorePreviewSummary, 'previewId'> {
  mode: 'additive' | 'replace';
  applied: false;
  changes: TrackChange[];
  changesTotal: number;
  unmatched: RestorePreview['unmatched'];
  unmatchedTotal: number;
  /** Replace mode only: what the whole-database swap means in numbers. */
  replace: { backupTracks: number | null; libraryTracks: number; tracksLeavingLibrary: number } | null;
}

export function previewJson(
  preview: RestorePreview,
  mode: 'additive' | 'replace',
  replace: PreviewJson['replace'],
): PreviewJson {
  const s = preview.summary;
  return {
    mode,
    applied: false,
    backupId: s.backupId,
    featureAware: s.featureAware,
    reason: s.reason,
    toRestore: s.toRestore,
    unchanged: s.unchanged,
    notInLibrary: s.notInLibrary,
    libraryOnly: s.libraryOnly,
    matchedByPath: s.matchedByPath,
    formatsBefore: s.formatsBefore,
    formatsAfter: s.formatsAfter,
    changes: preview.changes.slice(0, PREVIEW_LIST_LIMIT),
    changesTotal: preview.changes.length,
    unmatched: preview.unmatched.slice(0, PREVIEW_LIST_LIMIT),
    unmatchedTotal: preview.unmatched.length,
    replace,
  };
}

function formats(f: FormatCounts): string {
  return `${formatCount(f.beat3tower)} beat3tower, ${formatCount(f.legacy)} legacy, ${formatCount(f.none)} none`;
}

function trackLabel(t: {
  artist: string | null;
  title: string | null;
  filePath: string | null;
  trackId: string;
}): string {
  if (t.artist || t.title) return `${t.artist ?? '?'} - ${t.title ?? '?'}`;
  return t.filePath ?? t.trackId;
}

export function renderPreview(doc: PreviewJson, entry: BackupListEntry, ref: string): string {
  const from = `${entry.name ? `"${entry.name}" ` : ''}${entry.id} (${formatLocalTime(entry.createdAt)})`;
  const q = shellQuote(ref);
  if (doc.mode === 'replace' && doc.replace) {
    const r = doc.replace;
    return (
      `Replace preview from ${from}:\n` +
      `Replace would swap the whole library database for the backup's copy` +
      `${r.backupTracks === null ? '' : ` (${formatCount(r.backupTracks)} tracks)`}; every table returns to its state at that time.\n` +
      renderPairs([
        ['Library now', `${formatCount(r.libraryTracks)} tracks`],
        ['Would leave', `${formatCount(r.tracksLeavingLibrary)} tracks that are only in the library`],
        ['Would come back', `${formatCount(doc.notInLibrary)} tracks that are only in the backup`],
        ['Analysis back', `${formatCount(doc.toRestore)} tracks`],
      ]) +
      'First a safety backup is made and the current database is saved beside the library.\n' +
      `Nothing was changed. To apply: backbeat restore ${q} --replace --apply\n`
    );
  }
  let text = `Restore preview from ${from}:\n`;
  if (!doc.featureAware) {
    return (
      text +
      `${doc.reason ?? 'This backup cannot be compared track by track with the library.'}\n` +
      `Only replacing the whole database applies: backbeat restore ${q} --replace (preview), then add --apply.\n`
    );
  }
  text += renderPairs([
    [
      'To restore',
      `${formatCount(doc.toRestore)} tracks (${formatCount(doc.matchedByPath)} matched by file path)`,
    ],
    ['Unchanged', formatCount(doc.unchanged)],
    ['Not in library', `${formatCount(doc.notInLibrary)} tracks of the backup match nothing in the library`],
    ['Library only', `${formatCount(doc.libraryOnly)} tracks are not in the backup and stay as they are`],
    ['Formats now', formats(doc.formatsBefore)],
    ['Formats after', formats(doc.formatsAfter)],
  ]);
  if (doc.changes.length > 0) {
    text += `Changes${doc.changesTotal > doc.changes.length ? ` (first ${doc.changes.length} of ${formatCount(doc.changesTotal)})` : ''}:\n`;
    for (const c of doc.changes) text += `  ${trackLabel(c)}  [${c.formatBefore} -> ${c.formatAfter}]\n`;
  }
  text +=
    doc.toRestore === 0
      ? 'Nothing to restore: the library already has this analysis.\n'
      : `Nothing was changed. To apply: backbeat restore ${q} --apply\n`;
  return text;
}

export function renderRestoreResult(result: RestoreResult): string {
  if (result.mode === 'replace') {
    return (
      `Replaced the library with backup ${result.backupId}.\n` +
      (result.savedLivePath ? `The previous database was saved as ${result.savedLivePath}.\n` : '') +
      `Safety backup of the previous state: ${result.safetyBackupId}\n`
    );
  }
  return (
    `Restored the analysis of ${formatCount(result.restored)} tracks from backup ${result.backupId}.\n` +
    `Safety backup of the previous state: ${result.safetyBackupId}\n`
  );
}

/** The confirmation must be exactly `YES`: "yes", "y" or "Yes " do not count. */
export function isExactYes(answer: string | null): boolean {
  return answer === 'YES';
}

/** On a terminal, replace asks for exactly YES; without one (scripts), --replace --apply is the confirmation. */
async function confirmReplace(inv: Invocation, entry: BackupListEntry): Promise<void> {
  if (!inv.io.stdinIsTTY) return;
  const answer = await inv.io.prompt(
    `This replaces the whole library database with backup ${entry.id} (a safety backup is made first).\n` +
      'Type YES to continue: ',
  );
  if (!isExactYes(answer)) throw new ContractError('cancelled', CANCELLED_MESSAGE);
}

export const restoreCommand: CommandSpec = {
  name: 'restore',
  synopsis: 'restore <ref> [--apply] [--replace]',
  flags: ['apply', 'replace'],
  positionals: { min: 1, max: 1, label: '<ref>' },
  async run(inv) {
    const ref = inv.positionals[0]!;
    const mode = inv.has('replace') ? 'replace' : 'additive';
    const libraryPath = inv.library();
    const backupDir = inv.backupDir();
    const entry = await resolveRef(backupDir, ref);

    if (!inv.has('apply')) {
      const preview = await inv.job((ctx) => previewOperation({ libraryPath, backupDir, id: entry.id, ctx }));
      const replace =
        mode === 'replace'
          ? {
              backupTracks: entry.trackCount,
              libraryTracks: getLibraryStats(libraryPath).tracks,
              tracksLeavingLibrary: preview.summary.libraryOnly,
            }
          : null;
      const doc = previewJson(preview, mode, replace);
      inv.result(doc, () => renderPreview(doc, entry, ref));
      return 0;
    }

    if (mode === 'replace') await confirmReplace(inv, entry);
    const result = await inv.job((ctx) =>
      restoreOperation({ libraryPath, backupDir, id: entry.id, mode, appVersion: inv.appVersion, ctx }),
    );
    inv.result(result, () => renderRestoreResult(result));
    return 0;
  },
};
