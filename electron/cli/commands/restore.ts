// `backbeat restore <ref> [--apply] [--include KINDS] [--replace]`: previews by default;
// changes the library only with --apply (after a safety backup, made by the engine).
// Only the chosen kinds of change are written (default fills and replaces), so a restore
// never erases analysis unless asked to; `--undo` puts back what a restore wrote.
import { ContractError } from '../../../shared/contract';
import {
  DEFAULT_RESTORE_KINDS,
  RESTORE_KINDS,
  parseKindList,
  type KindCounts,
  type RestoreKind,
} from '../../../shared/restore-kinds';
import type {
  BackupListEntry,
  FormatCounts,
  RestorePreviewSummary,
  RestoreResult,
  TrackChange,
} from '../../../shared/types';
import { resolveRef } from '../../engine/app/use-cases/backups';
import { getLibraryStats } from '../../engine/app/use-cases/library';
import { previewOperation, restoreOperation, type RestorePreview } from '../../engine/app/use-cases/restore';
import { formatCount, formatLocalTime, renderPairs, shellQuote } from '../format';
import { UsageError } from '../args';
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
  return {
    mode,
    applied: false,
    ...preview.summary,
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
        ['Analysis back', `${formatCount(doc.fills + doc.replaces + doc.downgrades + doc.erases)} tracks`],
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
  if (doc.otherLibrary) text += `Warning: ${doc.otherLibrary}\n`;
  if (doc.undo) {
    text +=
      `Undo of the restore from backup ${doc.undo.restoredFrom}: it wrote ${formatCount(doc.undo.recorded)} tracks; ` +
      `only those go back to this safety backup's analysis.\n`;
    if (doc.undo.changedSince > 0) {
      text += `${formatCount(doc.undo.changedSince)} of them changed again since the restore and keep their newer analysis.\n`;
    }
  }
  text += renderPairs([
    [
      'To restore',
      `${formatCount(doc.toRestore)} tracks (${kindsText(doc.include)}; ${formatCount(doc.matchedByPath)} matched by file path)`,
    ],
    ['By kind', kindCountsText(doc)],
    ['Unchanged', formatCount(doc.unchanged)],
    ['Not in library', `${formatCount(doc.notInLibrary)} tracks of the backup match nothing in the library`],
    ['Library only', `${formatCount(doc.libraryOnly)} tracks are not in the backup and stay as they are`],
    ['Formats now', formats(doc.formatsBefore)],
    ['Formats after', formats(doc.formatsAfter)],
  ]);
  for (const line of keptLines(doc)) text += `${line}\n`;
  if (doc.changes.length > 0) {
    text += `Changes${doc.changesTotal > doc.changes.length ? ` (first ${doc.changes.length} of ${formatCount(doc.changesTotal)})` : ''}:\n`;
    for (const c of doc.changes) {
      text += `  ${trackLabel(c)}  [${c.formatBefore} -> ${c.formatAfter}] ${c.kind}${doc.include.includes(c.kind) ? '' : ' (kept)'}\n`;
    }
  }
  const flags = `${doc.undo ? ' --undo' : ''}${includeFlag(doc.include, !!doc.undo)}${doc.otherLibrary ? ' --other-library' : ''}`;
  text +=
    doc.toRestore === 0
      ? 'Nothing to restore with the chosen kinds.\n'
      : `Nothing was changed. To apply: backbeat restore ${q} --apply${flags}\n`;
  return text;
}

function kindsText(include: readonly RestoreKind[]): string {
  return include.length === 0 ? 'no kinds chosen' : include.join(', ');
}

function kindCountsText(c: KindCounts): string {
  return RESTORE_KINDS.map((k) => `${formatCount(c[k])} ${k}`).join(', ');
}

/** `--include ...` when the kinds are not the default (an undo always writes every kind). */
function includeFlag(include: readonly RestoreKind[], undo: boolean): string {
  if (undo) return '';
  const isDefault =
    include.length === DEFAULT_RESTORE_KINDS.length &&
    DEFAULT_RESTORE_KINDS.every((k) => include.includes(k));
  return isDefault ? '' : ` --include ${include.join(',')}`;
}

/** What the preview keeps as it is, said plainly: never a silent loss of analysis. */
export function keptLines(doc: PreviewJson): string[] {
  const lines: string[] = [];
  const since = doc.analysedSinceBackup;
  if (doc.erases > 0 && !doc.include.includes('erases')) {
    lines.push(
      since.erases === doc.erases
        ? `${formatCount(doc.erases)} tracks analysed since this backup keep their analysis (the backup has none for them; --include erases would remove it).`
        : `${formatCount(doc.erases)} tracks keep their analysis, which the backup lacks (${formatCount(since.erases)} analysed since this backup; --include erases would remove it).`,
    );
  }
  if (doc.downgrades > 0 && !doc.include.includes('downgrades')) {
    lines.push(
      `${formatCount(doc.downgrades)} tracks keep their beat3tower analysis (the backup has only legacy; --include downgrades would write it).`,
    );
  }
  if (doc.replaces > 0 && doc.include.includes('replaces') && since.replaces > 0) {
    lines.push(
      `${formatCount(since.replaces)} of the ${formatCount(doc.replaces)} tracks to replace were analysed since this backup; they get the backup's analysis back.`,
    );
  }
  for (const k of ['fills', 'replaces'] as const) {
    if (doc[k] > 0 && !doc.include.includes(k)) {
      lines.push(`${formatCount(doc[k])} tracks (${k}) are left as they are: not chosen.`);
    }
  }
  return lines;
}

/** The command that undoes an applied restore exactly. */
export function undoCommand(result: RestoreResult): string | null {
  if (result.mode !== 'additive' || !result.undoable) return null;
  return `backbeat restore ${result.safetyBackupId} --undo --apply`;
}

export function renderRestoreResult(result: RestoreResult): string {
  if (result.mode === 'replace') {
    return (
      `Replaced the library with backup ${result.backupId}.\n` +
      (result.savedLivePath ? `The previous database was saved as ${result.savedLivePath}.\n` : '') +
      `Safety backup of the previous state: ${result.safetyBackupId}\n`
    );
  }
  const w = result.written;
  const kept = result.keptByKind;
  let text = result.undo
    ? `Undid the restore from backup ${result.undo.restoredFrom}: put back the analysis of ${formatCount(result.restored)} tracks from safety backup ${result.backupId}.\n`
    : `Restored the analysis of ${formatCount(result.restored)} tracks from backup ${result.backupId}.\n`;
  text += `Written: ${kindCountsText(w)}.\n`;
  const keptTotal = RESTORE_KINDS.reduce((n, k) => n + kept[k], 0);
  if (keptTotal > 0) {
    text += `Kept as they were (kind not chosen): ${RESTORE_KINDS.filter((k) => kept[k] > 0)
      .map((k) => `${formatCount(kept[k])} ${k}`)
      .join(', ')}.\n`;
  }
  if (result.undo && result.undo.changedSince > 0) {
    text += `${formatCount(result.undo.changedSince)} tracks changed again since that restore and kept their newer analysis.\n`;
  }
  text += `Safety backup of the previous state: ${result.safetyBackupId}\n`;
  const undo = undoCommand(result);
  if (undo) text += `To undo this restore: ${undo}\n`;
  return text;
}

/** `--include` as kinds; a bad value is a usage error (exit 2). */
function includeOf(inv: Invocation): RestoreKind[] | undefined {
  const text = inv.value('include');
  if (text === undefined) return undefined;
  const parsed = parseKindList(text);
  if ('error' in parsed) throw new UsageError(parsed.error);
  return parsed.kinds;
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
  synopsis: 'restore <ref> [--apply] [--include KINDS] [--undo] [--other-library] [--replace]',
  flags: ['apply', 'replace', 'include', 'undo', 'other-library'],
  positionals: { min: 1, max: 1, label: '<ref>' },
  async run(inv) {
    const ref = inv.positionals[0]!;
    const mode = inv.has('replace') ? 'replace' : 'additive';
    const include = includeOf(inv);
    const undo = inv.has('undo');
    if (mode === 'replace' && (include !== undefined || undo || inv.has('other-library'))) {
      throw new UsageError(
        '--include, --undo and --other-library apply to a track-by-track restore, not to --replace.',
      );
    }
    if (undo && include !== undefined) {
      throw new UsageError('--undo puts back every kind of change the restore made; it takes no --include.');
    }
    const libraryPath = inv.library();
    const backupDir = inv.backupDir();
    const entry = await resolveRef(backupDir, ref);

    if (!inv.has('apply')) {
      const preview = await inv.job((ctx) =>
        previewOperation({
          libraryPath,
          backupDir,
          id: entry.id,
          ctx,
          ...(include !== undefined ? { include } : {}),
          ...(undo ? { undo } : {}),
        }),
      );
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
      restoreOperation({
        libraryPath,
        backupDir,
        id: entry.id,
        mode,
        appVersion: inv.appVersion,
        ctx,
        ...(include !== undefined ? { include } : {}),
        ...(undo ? { undo } : {}),
        ...(inv.has('other-library') ? { otherLibrary: true } : {}),
      }),
    );
    const undoWith = undoCommand(result);
    inv.result(undoWith ? { ...result, undoCommand: undoWith } : result, () => renderRestoreResult(result));
    return 0;
  },
};
