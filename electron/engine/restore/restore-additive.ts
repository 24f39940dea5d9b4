// Additive restore inside the library: the analysis columns of matched tracks whose
// values differ are written back from the backup copy, all in ONE write transaction, so a
// crash or kill at any moment leaves the library entirely before or entirely after.
// Runs in a worker (restore-worker.ts); yields now and then so a cancel is seen, and a
// cancel before COMMIT rolls everything back.
import { crashPoint } from '../runtime/crash-points';
import { ContractError } from '../../../shared/errors';
import {
  DEFAULT_RESTORE_KINDS,
  kindOfChange,
  zeroKindCounts,
  type KindCounts,
  type RestoreKind,
} from '../../../shared/restore-kinds';
import type { FeatureFormat } from '../../../shared/types';
import { beat3towerSqlOf } from '../library/features';
import { DEFAULT_BUSY_TIMEOUT_MS, isBusyError, lockedError, type Db } from '../library/library';
import { throwIfCancelled, type JobContext } from '../runtime/progress';
import { BACKUP_SCHEMA, openRestoreConnection } from './restore-db';
import { libraryFingerprinter, stillAsRestored, type UndoTracks } from './restore-undo-hash';
import { matchTracks, quoteIdent, yieldToEventLoop, type ChangedPair } from './track-matching';

export interface AdditiveArgs {
  libraryPath: string;
  /** The decompressed backup (a private temp file). */
  backupCopyPath: string;
  busyTimeoutMs?: number;
  /** The kinds of change to write (default fills and replaces); the others are left as they are. */
  include?: readonly RestoreKind[];
  /** Undo: only these tracks, and only those still holding what the undone restore wrote. */
  undo?: UndoTracks | null;
}

export interface AdditiveOutcome {
  restored: number;
  matchedByPath: number;
  unmatched: number;
  written: KindCounts;
  /** Changed tracks left alone because their kind was not chosen. */
  kept: KindCounts;
  /** Undo: recorded tracks whose analysis changed again after the restore (left alone). */
  changedSince: number;
  /** What was written: the columns, and per library track a fingerprint (for the undo record). */
  record: UndoTracks;
}

/** For tests: called after each row is written, inside the open transaction. */
export interface AdditiveHooks {
  afterRowWritten?: (rowsWritten: number) => void;
}

const ROWS_PER_YIELD = 500;

export function notFeatureAwareError(reason: string): ContractError {
  return new ContractError(
    'not-applicable',
    `${reason} Nothing was changed; choose "replace" to put the whole backed-up database in place of the library.`,
  );
}

/** SQLite's errors while writing, as sentences for the user; others pass through. */
function writeError(err: unknown, libraryPath: string, timeout: number): unknown {
  if (isBusyError(err)) return lockedError(libraryPath, timeout);
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_FULL') {
    return new ContractError(
      'io',
      `The disk holding ${libraryPath} is full; nothing was changed. Free some space and try again.`,
    );
  }
  if (typeof code === 'string' && code.startsWith('SQLITE_READONLY')) {
    return new ContractError(
      'io',
      `Backbeat may not write to ${libraryPath}; nothing was changed. Check its permissions.`,
    );
  }
  if (code === 'SQLITE_CORRUPT') {
    return new ContractError(
      'corrupt',
      `The library ${libraryPath} is damaged; nothing was changed. Consider a full replace from a verified backup.`,
    );
  }
  return err;
}

export async function applyAdditive(
  args: AdditiveArgs,
  ctx: JobContext,
  hooks: AdditiveHooks = {},
): Promise<AdditiveOutcome> {
  const timeout = args.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  const conn = openRestoreConnection(args.libraryPath, args.backupCopyPath, {
    write: true,
    busyTimeoutMs: timeout,
  });
  const { db, comparability } = conn;
  try {
    if (!comparability.featureAware) throw notFeatureAwareError(comparability.reason);
    const { columns } = comparability;
    throwIfCancelled(ctx.signal);
    ctx.report({ phase: 'restore', label: 'Waiting for the library', fraction: 0 });
    try {
      // IMMEDIATE takes the write lock now (waiting up to the busy timeout), so the
      // comparison below sees exactly the rows the updates will change.
      db.exec('BEGIN IMMEDIATE');
    } catch (err) {
      if (isBusyError(err)) throw lockedError(args.libraryPath, timeout);
      throw err;
    }
    const match = await matchTracks(db, {
      columns,
      backupColumns: comparability.backupColumns,
      ctx,
      progress: [0, 0.4],
    });
    const list = columns.map(quoteIdent).join(', ');
    const update = db.prepare(
      `UPDATE main.tracks SET (${list}) = (SELECT ${list} FROM ${BACKUP_SCHEMA}.tracks WHERE track_id = ?)
        WHERE track_id = ?`,
    );
    const kindOf = pairKinds(db);
    const fingerprintNow = libraryFingerprinter(db, columns);
    const undoNow = args.undo ? libraryFingerprinter(db, args.undo.columns) : null;
    const include = new Set(args.include ?? DEFAULT_RESTORE_KINDS);
    const writtenByKind = zeroKindCounts();
    const kept = zeroKindCounts();
    const record: UndoTracks = { columns: [...columns], tracks: {} };
    let changedSince = 0;
    let written = 0;
    let seen = 0;
    for (const pair of match.changed) {
      seen++;
      if (args.undo && undoNow) {
        const verdict = stillAsRestored(args.undo, undoNow, pair.libraryTrackId);
        if (verdict === 'changed-since') changedSince++;
        if (verdict !== 'write') continue;
      }
      const kind = kindOf(pair);
      if (!include.has(kind)) {
        kept[kind]++;
        continue;
      }
      update.run(pair.backupTrackId, pair.libraryTrackId);
      record.tracks[pair.libraryTrackId] = fingerprintNow(pair.libraryTrackId) ?? '';
      writtenByKind[kind]++;
      written++;
      hooks.afterRowWritten?.(written);
      throwIfCancelled(ctx.signal);
      if (seen % ROWS_PER_YIELD === 0) {
        ctx.report({
          phase: 'restore',
          label: 'Writing restored analysis',
          fraction: 0.4 + (0.55 * seen) / match.changed.length,
        });
        // Lets a cancel message from the host reach this worker's signal.
        await yieldToEventLoop();
        throwIfCancelled(ctx.signal);
      }
    }
    throwIfCancelled(ctx.signal);
    ctx.report({ phase: 'restore', label: 'Committing', fraction: 0.95 });
    crashPoint('additive-before-commit');
    db.exec('COMMIT');
    ctx.report({ phase: 'restore', label: 'Restored', fraction: 1 });
    return {
      restored: written,
      matchedByPath: match.matchedByPath,
      unmatched: match.unmatched.length,
      written: writtenByKind,
      kept,
      changedSince,
      record,
    };
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw writeError(err, args.libraryPath, timeout);
  } finally {
    conn.close();
  }
}

function formatOf(isNull: unknown, isBeat3tower: unknown): FeatureFormat {
  if (isNull === 1) return 'none';
  return isBeat3tower === 1 ? 'beat3tower' : 'legacy';
}

/**
 * The kind of a changed pair, by the same format rule as the preview (features.ts), read
 * in SQL so the feature documents stay in SQLite.
 */
function pairKinds(db: Db): (pair: ChangedPair) => RestoreKind {
  const formats = db
    .prepare(
      `SELECT lt.sonic_features IS NULL, ${beat3towerSqlOf('lt.sonic_features')},
              bt.sonic_features IS NULL, ${beat3towerSqlOf('bt.sonic_features')}
         FROM ${BACKUP_SCHEMA}.tracks AS bt, main.tracks AS lt
        WHERE bt.track_id = ? AND lt.track_id = ?`,
    )
    .raw();
  return (pair) => {
    const row = formats.get(pair.backupTrackId, pair.libraryTrackId) as unknown[] | undefined;
    if (!row) return 'replaces';
    return kindOfChange(formatOf(row[0], row[1]), formatOf(row[2], row[3]));
  };
}
