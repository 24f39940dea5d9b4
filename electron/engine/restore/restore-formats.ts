// The library's format counts (beat3tower / legacy / none) before and after a restore,
// without parsing every feature document in the library.
//
// After a restore each library track holds: the backup's analysis when matched, its own
// when library-only. So
//   after  = backup counts (from the backup's metadata, computed when it was made)
//            - counts of the unmatched backup tracks + counts of the library-only tracks
//   before = after - (how the changed tracks move, known from their summaries)
// Only unmatched and library-only tracks (usually few) are classified here.
import type { FormatCounts, TrackStats } from '../../../shared/types';
import { BEAT3TOWER_SQL } from '../library/features';
import type { Db } from '../library/library';
import { BACKUP_SCHEMA } from './restore-db';

export function formatsOfStats(stats: TrackStats): FormatCounts {
  return { beat3tower: stats.beat3tower, legacy: stats.legacy, none: stats.tracks - stats.analyzed };
}

function add(a: FormatCounts, b: FormatCounts, sign: 1 | -1): FormatCounts {
  return {
    beat3tower: a.beat3tower + sign * b.beat3tower,
    legacy: a.legacy + sign * b.legacy,
    none: a.none + sign * b.none,
  };
}

/** Counts formats over `rows` of [isNull, isBeat3tower]. */
function tally(rows: Iterable<unknown[]>): FormatCounts {
  const counts: FormatCounts = { beat3tower: 0, legacy: 0, none: 0 };
  for (const [isNull, isBeat3tower] of rows) {
    if (isNull === 1) counts.none++;
    else if (isBeat3tower === 1) counts.beat3tower++;
    else counts.legacy++;
  }
  return counts;
}

const ZERO: FormatCounts = { beat3tower: 0, legacy: 0, none: 0 };
const CLASSIFY = `sonic_features IS NULL, ${BEAT3TOWER_SQL}`;

/** Formats of the whole backup, when its metadata cannot be used. */
export function backupFormats(db: Db): FormatCounts {
  return tally(
    db.prepare(`SELECT ${CLASSIFY} FROM ${BACKUP_SCHEMA}.tracks`).raw().iterate() as Iterable<unknown[]>,
  );
}

function unmatchedFormats(db: Db, unmatchedIds: readonly string[]): FormatCounts {
  const one = db.prepare(`SELECT ${CLASSIFY} FROM ${BACKUP_SCHEMA}.tracks WHERE track_id = ?`).raw();
  return tally(unmatchedIds.map((id) => (one.get(id) as unknown[] | undefined) ?? [1, 0]));
}

/** Library tracks no backup track matched: not in the backup by track_id, nor matched by path. */
function libraryOnlyFormats(db: Db, pathMatchedIds: ReadonlySet<string>): FormatCounts {
  const rows = db
    .prepare(
      `SELECT track_id, ${CLASSIFY} FROM main.tracks AS lt
        WHERE NOT EXISTS (SELECT 1 FROM ${BACKUP_SCHEMA}.tracks AS bt WHERE bt.track_id = lt.track_id)`,
    )
    .raw()
    .iterate() as Iterable<unknown[]>;
  const kept: unknown[][] = [];
  for (const row of rows) if (!pathMatchedIds.has(String(row[0]))) kept.push(row.slice(1));
  return tally(kept);
}

export function formatsBeforeAndAfter(
  db: Db,
  input: {
    /** Counts over every backup track. */
    backup: FormatCounts;
    unmatchedIds: readonly string[];
    pathMatchedLibraryIds: ReadonlySet<string>;
    /** How many library tracks no backup track matched (their scan is skipped when 0). */
    libraryOnly: number;
    /** after - before over the changed tracks. */
    changeDelta: FormatCounts;
  },
): { before: FormatCounts; after: FormatCounts } {
  const matchedBackup = add(input.backup, unmatchedFormats(db, input.unmatchedIds), -1);
  const libraryOnly = input.libraryOnly === 0 ? ZERO : libraryOnlyFormats(db, input.pathMatchedLibraryIds);
  const after = add(matchedBackup, libraryOnly, 1);
  return { before: add(after, input.changeDelta, -1), after };
}
