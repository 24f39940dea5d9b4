// Worker handlers for restore preview and apply. Everything that reads or writes the
// databases runs here, so the main thread never waits on SQLite (or a busy lock).
//
// A preview keeps its (possibly long) lists here and hands them out in pages (`take`), so
// no single message is big enough to stall the main thread while it is deserialised.
import type { FormatCounts, LibraryVariant, TrackChange, UnmatchedTrack } from '../../shared/types';
import { ContractError } from '../../shared/contract';
import { BEAT3TOWER_SQL } from './features';
import { detectVariant, openLibrary } from './library';
import type { JobContext } from './progress';
import { applyAdditive, type AdditiveArgs } from './restore-additive';
import { describeChanges } from './restore-changes';
import { openRestoreConnection } from './restore-db';
import { replaceLibrary, type ReplaceArgs } from './restore-replace';
import { matchTracks } from './track-matching';
import type { WorkerHandlers } from './worker-entry';

/** What the `preview` handler answers; the lists themselves are fetched with `take`. */
export interface PreviewFacts {
  token: string;
  featureAware: boolean;
  reason: string | null;
  toRestore: number;
  unchanged: number;
  notInLibrary: number;
  libraryOnly: number;
  matchedByPath: number;
  /** How the library's format counts would move if the restore were applied. */
  formatDelta: FormatCounts;
  changeCount: number;
  unmatchedCount: number;
}

export interface TakeArgs {
  token: string;
  list: 'changes' | 'unmatched';
  offset: number;
  limit: number;
}

interface StoredPreview {
  changes: TrackChange[];
  unmatched: UnmatchedTrack[];
}

const stored = new Map<string, StoredPreview>();
let nextToken = 1;

const ZERO_FORMATS: FormatCounts = { beat3tower: 0, legacy: 0, none: 0 };

function preview(args: { libraryPath: string; backupCopyPath: string }, ctx: JobContext): PreviewFacts {
  const conn = openRestoreConnection(args.libraryPath, args.backupCopyPath, { write: false });
  const token = String(nextToken++);
  try {
    const cmp = conn.comparability;
    if (!cmp.featureAware) {
      stored.set(token, { changes: [], unmatched: [] });
      return {
        token,
        featureAware: false,
        reason: cmp.reason,
        toRestore: 0,
        unchanged: 0,
        notInLibrary: 0,
        libraryOnly: 0,
        matchedByPath: 0,
        formatDelta: { ...ZERO_FORMATS },
        changeCount: 0,
        unmatchedCount: 0,
      };
    }
    // One read transaction: every query sees the same snapshot of a library that may be
    // written to meanwhile (a scan in progress).
    conn.db.exec('BEGIN');
    const match = matchTracks(conn.db, {
      columns: cmp.columns,
      backupColumns: cmp.backupColumns,
      ctx,
      progress: [0, 0.7],
    });
    const { changes, formatDelta } = describeChanges(conn.db, match.changed, {
      variant: cmp.variant,
      analyzedAtColumn: cmp.analyzedAtColumn,
      libraryColumns: cmp.libraryColumns,
      backupColumns: cmp.backupColumns,
      ctx,
      progress: [0.7, 1],
    });
    conn.db.exec('COMMIT');
    stored.set(token, { changes, unmatched: match.unmatched });
    return {
      token,
      featureAware: true,
      reason: null,
      toRestore: match.changed.length,
      unchanged: match.unchanged,
      notInLibrary: match.unmatched.length,
      libraryOnly: match.libraryOnly,
      matchedByPath: match.matchedByPath,
      formatDelta,
      changeCount: changes.length,
      unmatchedCount: match.unmatched.length,
    };
  } finally {
    conn.close();
  }
}

function take(args: TakeArgs): TrackChange[] | UnmatchedTrack[] {
  const entry = stored.get(args.token);
  if (!entry) throw new ContractError('internal', 'That preview is no longer held by its worker.');
  return entry[args.list].slice(args.offset, args.offset + args.limit);
}

/** The live library's counts by format, or null when it has no recognised tracks table. */
function libraryFormats(args: { libraryPath: string }): FormatCounts | null {
  const db = openLibrary(args.libraryPath, { readonly: true });
  try {
    if (detectVariant(db) === 'none') return null;
    const row = db
      .prepare(
        `SELECT count(*) AS tracks, coalesce(sum(sonic_features IS NULL), 0) AS none,
                coalesce(sum(${BEAT3TOWER_SQL}), 0) AS beat3tower
           FROM tracks`,
      )
      .get() as { tracks: number; none: number; beat3tower: number };
    return { beat3tower: row.beat3tower, legacy: row.tracks - row.none - row.beat3tower, none: row.none };
  } finally {
    db.close();
  }
}

function libraryVariant(args: { libraryPath: string }): LibraryVariant {
  const db = openLibrary(args.libraryPath, { readonly: true });
  try {
    return detectVariant(db);
  } finally {
    db.close();
  }
}

export const handlers: WorkerHandlers = {
  preview: (args, ctx) => preview(args as { libraryPath: string; backupCopyPath: string }, ctx),
  take: (args) => take(args as TakeArgs),
  release: (args) => stored.delete((args as { token: string }).token),
  libraryFormats: (args) => libraryFormats(args as { libraryPath: string }),
  libraryVariant: (args) => libraryVariant(args as { libraryPath: string }),
  additive: (args, ctx) => applyAdditive(args as AdditiveArgs, ctx),
  replace: (args, ctx) => replaceLibrary(args as ReplaceArgs, ctx),
};
