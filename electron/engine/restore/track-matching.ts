// Which backup track is which library track. A backup track matches the library track
// with the same track_id; failing that, an otherwise unmatched library track with the same
// file_path (the generator rewrites track_id when a file is moved or retagged). Each
// library track is matched at most once. Runs on a connection from restore-db.ts.
import type { UnmatchedTrack } from '../../../shared/types';
import type { Db } from '../library/library';
import { throwIfCancelled, type JobContext } from '../runtime/progress';
import { BACKUP_SCHEMA } from './restore-db';

/** A matched pair whose analysis columns differ: the backup's values would be written. */
export interface ChangedPair {
  backupTrackId: string;
  libraryTrackId: string;
  matchedBy: 'track_id' | 'file_path';
}

export interface MatchResult {
  changed: ChangedPair[];
  unchanged: number;
  matchedByPath: number;
  /** Library tracks matched by file_path (their track_id is not in the backup). */
  pathMatchedLibraryIds: Set<string>;
  /** Backup tracks that match no library track. */
  unmatched: UnmatchedTrack[];
  /** Library tracks no backup track matched; a restore leaves them alone. */
  libraryOnly: number;
  backupTracks: number;
  libraryTracks: number;
}

export interface MatchOptions {
  /** The analysis columns to compare (present on both sides). */
  columns: readonly string[];
  /** Descriptive columns available in the backup (for reporting unmatched tracks). */
  backupColumns: ReadonlySet<string>;
  ctx: JobContext;
  /** Progress fraction range for this step. */
  progress?: [number, number];
}

const B = BACKUP_SCHEMA;
const PROGRESS_EVERY = 2000;

/** A SQL identifier in double quotes. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** SQL that is 1 when the library row `lt` and backup row `bt` hold the same analysis. */
export function sameAnalysisSql(columns: readonly string[]): string {
  if (columns.length === 0) return '1';
  return columns.map((c) => `lt.${quoteIdent(c)} IS bt.${quoteIdent(c)}`).join(' AND ');
}

/** `alias.column`, or NULL when the table lacks that column. */
export function columnOrNull(alias: string, column: string, available: ReadonlySet<string>): string {
  return available.has(column) ? `${alias}.${quoteIdent(column)}` : 'NULL';
}

export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function textOrNull(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? v : String(v);
}

function report(ctx: JobContext, options: MatchOptions, done: number, total: number): void {
  const [start, end] = options.progress ?? [0, 1];
  const fraction = total > 0 ? start + ((end - start) * done) / total : end;
  ctx.report({ phase: 'compare', label: 'Comparing tracks', fraction });
}

interface UnmatchedById {
  trackId: string;
  artist: string | null;
  title: string | null;
  filePath: string | null;
}

/** What pass 1 (matching by track_id) found, over all backup tracks or a rowid range of them. */
export interface IdMatch {
  changed: ChangedPair[];
  unmatchedById: UnmatchedById[];
  unchanged: number;
}

/** Backup rows by rowid: `from` inclusive, `to` exclusive; either may be left open. */
export interface RowidRange {
  from?: number;
  to?: number;
}

export interface TrackCounts {
  backupTracks: number;
  libraryTracks: number;
}

/** Counting both tables is also the first read of a transaction, which fixes its snapshot. */
export function countTracks(db: Db): TrackCounts {
  const count = (sql: string) => (db.prepare(sql).pluck().get() as number) ?? 0;
  return {
    backupTracks: count(`SELECT count(*) FROM ${B}.tracks`),
    libraryTracks: count('SELECT count(*) FROM main.tracks'),
  };
}

/**
 * Pass 1: backup tracks (all, or those in `range`) against the library track with their
 * track_id, in backup rowid order. `rangeTracks` is how many rows the range holds, for progress.
 */
export async function matchById(
  db: Db,
  options: MatchOptions,
  rangeTracks: number,
  range: RowidRange = {},
): Promise<IdMatch> {
  const { backupColumns, ctx } = options;
  const bounds = [
    range.from === undefined ? null : 'bt.rowid >= @from',
    range.to === undefined ? null : 'bt.rowid < @to',
  ].filter((c) => c !== null);
  const rows = db
    .prepare(
      `SELECT bt.track_id, lt.track_id IS NOT NULL, ${sameAnalysisSql(options.columns)},
              ${columnOrNull('bt', 'artist', backupColumns)}, ${columnOrNull('bt', 'title', backupColumns)},
              bt.file_path
         FROM ${B}.tracks AS bt LEFT JOIN main.tracks AS lt ON lt.track_id = bt.track_id
        ${bounds.length > 0 ? `WHERE ${bounds.join(' AND ')}` : ''}
        ORDER BY bt.rowid`,
    )
    .raw();
  const params: Record<string, number> = {};
  if (range.from !== undefined) params.from = range.from;
  if (range.to !== undefined) params.to = range.to;
  const changed: ChangedPair[] = [];
  const unmatchedById: UnmatchedById[] = [];
  let unchanged = 0;
  let seen = 0;
  for (const row of rows.iterate(params) as IterableIterator<unknown[]>) {
    const trackId = textOrNull(row[0]) ?? '';
    if (row[1] === 1) {
      if (row[2] === 1) unchanged++;
      else changed.push({ backupTrackId: trackId, libraryTrackId: trackId, matchedBy: 'track_id' });
    } else {
      unmatchedById.push({
        trackId,
        artist: textOrNull(row[3]),
        title: textOrNull(row[4]),
        filePath: textOrNull(row[5]),
      });
    }
    if (++seen % PROGRESS_EVERY === 0) {
      report(ctx, options, seen, rangeTracks);
      // Let a cancel message reach this worker; the iterator stays open meanwhile.
      await yieldToEventLoop();
      throwIfCancelled(ctx.signal);
    }
  }
  return { changed, unmatchedById, unchanged };
}

/**
 * Library tracks whose track_id is in no backup track, by file_path, oldest row first.
 * Only these can be matched by path: the others already have their backup twin.
 */
function pathCandidates(db: Db): Map<string, string[]> {
  const rows = db
    .prepare(
      `SELECT lt.file_path, lt.track_id FROM main.tracks AS lt
        WHERE lt.file_path IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM ${B}.tracks AS bt WHERE bt.track_id = lt.track_id)
        ORDER BY lt.rowid`,
    )
    .raw()
    .all() as unknown[][];
  const byPath = new Map<string, string[]>();
  for (const [filePath, trackId] of rows) {
    const key = textOrNull(filePath)!;
    const list = byPath.get(key);
    if (list) list.push(textOrNull(trackId)!);
    else byPath.set(key, [textOrNull(trackId)!]);
  }
  return byPath;
}

/**
 * Pass 2 and the result: backup tracks pass 1 left unmatched are matched by file_path
 * (to library tracks that have no backup twin), then everything is counted. `idMatch` is
 * pass 1 over all backup tracks, in backup rowid order.
 */
export function matchByPath(
  db: Db,
  options: MatchOptions,
  idMatch: IdMatch,
  counts: TrackCounts,
): MatchResult {
  const { unmatchedById } = idMatch;
  const changed = [...idMatch.changed];
  let unchanged = idMatch.unchanged;
  let matchedByPath = 0;
  const pathMatchedLibraryIds = new Set<string>();
  const unmatched: UnmatchedTrack[] = [];
  if (unmatchedById.length > 0) {
    const candidates = pathCandidates(db);
    const same = db
      .prepare(
        `SELECT ${sameAnalysisSql(options.columns)} FROM ${B}.tracks AS bt, main.tracks AS lt
          WHERE bt.track_id = ? AND lt.track_id = ?`,
      )
      .pluck();
    for (const track of unmatchedById) {
      const libraryTrackId = track.filePath === null ? undefined : candidates.get(track.filePath)?.shift();
      if (libraryTrackId === undefined) {
        unmatched.push(track);
        continue;
      }
      matchedByPath++;
      pathMatchedLibraryIds.add(libraryTrackId);
      if (same.get(track.trackId, libraryTrackId) === 1) unchanged++;
      else changed.push({ backupTrackId: track.trackId, libraryTrackId, matchedBy: 'file_path' });
    }
  }
  const matched = counts.backupTracks - unmatched.length;
  report(options.ctx, options, 1, 1);
  return {
    changed,
    unchanged,
    matchedByPath,
    pathMatchedLibraryIds,
    unmatched,
    libraryOnly: counts.libraryTracks - matched,
    backupTracks: counts.backupTracks,
    libraryTracks: counts.libraryTracks,
  };
}

/** Matches the backup and library tracks; reads only, on whatever transaction the caller holds. */
export async function matchTracks(db: Db, options: MatchOptions): Promise<MatchResult> {
  const counts = countTracks(db);
  const idMatch = await matchById(db, options, counts.backupTracks);
  return matchByPath(db, options, idMatch, counts);
}
