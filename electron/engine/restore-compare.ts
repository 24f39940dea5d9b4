// The comparison behind a restore preview, on the library and an unpacked backup copy:
// counts, per-track changes, unmatched tracks and format counts, all from one read
// transaction. Reads only.
import type {
  FormatCounts,
  RestorePreviewSummary,
  TrackChange,
  TrackStats,
  UnmatchedTrack,
} from '../../shared/types';
import type { JobContext } from './progress';
import { describeChanges } from './restore-changes';
import { openRestoreConnection } from './restore-db';
import { backupFormats, formatsBeforeAndAfter, formatsOfStats } from './restore-formats';
import { matchTracks } from './track-matching';

/** The preview's counts: the shared summary without the ids its callers add. */
export type PreviewCounts = Omit<RestorePreviewSummary, 'previewId' | 'backupId'>;

export interface PreviewComparison {
  counts: PreviewCounts;
  changes: TrackChange[];
  unmatched: UnmatchedTrack[];
}

const ZERO_FORMATS: FormatCounts = { beat3tower: 0, legacy: 0, none: 0 };

/**
 * `backupStats` are the backup's counts from its metadata (made from this very file,
 * whose checksum the unpacking verified): they spare parsing every feature document.
 */
export async function compareForPreview(
  libraryPath: string,
  backupCopyPath: string,
  backupStats: TrackStats | null,
  ctx: JobContext,
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
    // One read transaction: every query sees the same snapshot of a library that may be
    // written to meanwhile (a scan in progress).
    conn.db.exec('BEGIN');
    const match = await matchTracks(conn.db, {
      columns: cmp.columns,
      backupColumns: cmp.backupColumns,
      ctx,
      progress: [0, 0.7],
    });
    const { changes, formatDelta } = await describeChanges(conn.db, match.changed, {
      variant: cmp.variant,
      analyzedAtColumn: cmp.analyzedAtColumn,
      libraryColumns: cmp.libraryColumns,
      backupColumns: cmp.backupColumns,
      ctx,
      progress: [0.7, 1],
    });
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
      changeDelta: formatDelta,
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
