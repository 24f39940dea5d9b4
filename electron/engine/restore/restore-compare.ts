// The comparison behind a restore preview, on the library and an unpacked backup copy:
// counts, per-track changes, unmatched tracks and format counts, all from one read
// transaction. Reads only.
import type {
  FormatCounts,
  RestorePreviewSummary,
  TrackChange,
  TrackStats,
  UnmatchedTrack,
} from '../../../shared/types';
import type { JobContext } from '../runtime/progress';
import { compareParts, type HelperFactory } from './restore-compare-split';
import { describeChanges } from './restore-changes';
import { openRestoreConnection } from './restore-db';
import { backupFormats, formatsBeforeAndAfter, formatsOfStats } from './restore-formats';
import { matchByPath, type IdMatch } from './track-matching';

/** The preview's counts: the shared summary without the ids its callers add. */
export type PreviewCounts = Pick<
  RestorePreviewSummary,
  | 'featureAware'
  | 'reason'
  | 'toRestore'
  | 'unchanged'
  | 'notInLibrary'
  | 'libraryOnly'
  | 'matchedByPath'
  | 'formatsBefore'
  | 'formatsAfter'
>;

export interface PreviewComparison {
  counts: PreviewCounts;
  changes: TrackChange[];
  unmatched: UnmatchedTrack[];
}

const ZERO_FORMATS: FormatCounts = { beat3tower: 0, legacy: 0, none: 0 };

function sumFormats(deltas: FormatCounts[]): FormatCounts {
  const sum: FormatCounts = { ...ZERO_FORMATS };
  for (const d of deltas) {
    sum.beat3tower += d.beat3tower;
    sum.legacy += d.legacy;
    sum.none += d.none;
  }
  return sum;
}

/**
 * `backupStats` are the backup's counts from its metadata (made from this very file,
 * whose checksum the unpacking verified): they spare parsing every feature document.
 * `startHelper` gives a worker to compare some of the tracks on the other core.
 */
export async function compareForPreview(
  libraryPath: string,
  backupCopyPath: string,
  backupStats: TrackStats | null,
  ctx: JobContext,
  startHelper: HelperFactory | null = null,
): Promise<PreviewComparison> {
  const conn = openRestoreConnection(libraryPath, backupCopyPath, { write: false });
  try {
    const cmp = conn.comparability;
    if (!cmp.featureAware) {
      return {
        counts: {
          featureAware: false,
          reason: cmp.reason,
          toRestore: 0,
          unchanged: 0,
          notInLibrary: 0,
          libraryOnly: 0,
          matchedByPath: 0,
          formatsBefore: { ...ZERO_FORMATS },
          formatsAfter: { ...ZERO_FORMATS },
        },
        changes: [],
        unmatched: [],
      };
    }
    // One read transaction (shared with the helper's, when there is one): every query sees
    // the same snapshot of a library that may be written to meanwhile (a scan in progress).
    const { counts, parts } = await compareParts(
      conn.db,
      { libraryPath, copyPath: backupCopyPath },
      cmp,
      ctx,
      startHelper,
    );
    const idMatch: IdMatch = {
      changed: parts.flatMap((p) => p.idMatch.changed),
      unmatchedById: parts.flatMap((p) => p.idMatch.unmatchedById),
      unchanged: parts.reduce((n, p) => n + p.idMatch.unchanged, 0),
    };
    const match = matchByPath(
      conn.db,
      { columns: cmp.columns, backupColumns: cmp.backupColumns, ctx, progress: [0.9, 0.95] },
      idMatch,
      counts,
    );
    // Pairs matched by path come after those matched by id, and only they are left to describe.
    const byPath = await describeChanges(conn.db, match.changed.slice(idMatch.changed.length), {
      variant: cmp.variant,
      analyzedAtColumn: cmp.analyzedAtColumn,
      libraryColumns: cmp.libraryColumns,
      backupColumns: cmp.backupColumns,
      ctx,
      progress: [0.95, 1],
    });
    const changes = [...parts.flatMap((p) => p.changes), ...byPath.changes];
    // Recount the backup only if its metadata does not fit the file.
    const backup =
      backupStats && backupStats.tracks === match.backupTracks
        ? formatsOfStats(backupStats)
        : backupFormats(conn.db);
    const formats = formatsBeforeAndAfter(conn.db, {
      backup,
      unmatchedIds: match.unmatched.map((u) => u.trackId),
      pathMatchedLibraryIds: match.pathMatchedLibraryIds,
      libraryOnly: match.libraryOnly,
      changeDelta: sumFormats([...parts.map((p) => p.formatDelta), byPath.formatDelta]),
    });
    conn.db.exec('COMMIT');
    return {
      counts: {
        featureAware: true,
        reason: null,
        toRestore: match.changed.length,
        unchanged: match.unchanged,
        notInLibrary: match.unmatched.length,
        libraryOnly: match.libraryOnly,
        matchedByPath: match.matchedByPath,
        formatsBefore: formats.before,
        formatsAfter: formats.after,
      },
      changes,
      unmatched: match.unmatched,
    };
  } finally {
    conn.close();
  }
}
