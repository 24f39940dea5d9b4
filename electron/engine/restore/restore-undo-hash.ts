// What makes "undo restore" exact: a restore records, beside its safety backup, each track
// it wrote and a fingerprint of the analysis it wrote there. An undo then puts back the
// safety backup's analysis only on those tracks, and only where the fingerprint still
// holds: a track analysed again after the restore keeps its newer analysis.
//
// Loads no zod (it runs in the restore worker); restore-undo-record.ts reads the file.
import crypto from 'node:crypto';
import type { Db } from '../library/library';
import { quoteIdent } from './track-matching';

/** The fingerprints of the tracks a restore wrote: library track_id -> fingerprint. */
export interface UndoTracks {
  /** The analysis columns the fingerprints cover, in order. */
  columns: string[];
  tracks: Record<string, string>;
}

function jsonValue(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/** Fingerprint of one row's analysis values (as read from SQLite). */
export function fingerprintValues(values: readonly unknown[]): string {
  return crypto.createHash('sha256').update(JSON.stringify(values, jsonValue)).digest('hex').slice(0, 32);
}

/**
 * Reads the fingerprint of a library track's analysis now (null when the track or one
 * of the columns is gone), on whatever transaction `db` holds. The library is `main`.
 */
export function libraryFingerprinter(db: Db, columns: readonly string[]): (trackId: string) => string | null {
  const present = new Set(
    (db.prepare("SELECT name FROM pragma_table_info('tracks', 'main')").pluck().all() as string[]).map(
      String,
    ),
  );
  if (columns.length === 0 || columns.some((c) => !present.has(c))) return () => null;
  const select = db
    .prepare(`SELECT ${columns.map(quoteIdent).join(', ')} FROM main.tracks WHERE track_id = ?`)
    .raw();
  return (trackId) => {
    const row = select.get(trackId) as unknown[] | undefined;
    return row ? fingerprintValues(row) : null;
  };
}

/** Whether an undo may write `trackId`: the restore wrote it, and it still holds what was written. */
export function stillAsRestored(
  undo: UndoTracks,
  fingerprintNow: (trackId: string) => string | null,
  trackId: string,
): 'write' | 'not-recorded' | 'changed-since' {
  const recorded = undo.tracks[trackId];
  if (recorded === undefined) return 'not-recorded';
  return fingerprintNow(trackId) === recorded ? 'write' : 'changed-since';
}
