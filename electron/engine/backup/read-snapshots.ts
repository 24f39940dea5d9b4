// Pinning one state of a WAL library across two connections, without SQLite's snapshot
// API (better-sqlite3 does not expose it).
//
// A read transaction pins the state it started on: in WAL mode other connections go on
// committing, and the reader (and an online backup reading through it) keeps seeing the
// old state, without blocking them. Two read transactions on two connections see the
// same state when nothing committed between their starts. `PRAGMA data_version`
// detects exactly that: its value on one connection changes when another connection
// has committed since that connection last read. So:
//   1. connection S reads its data_version (readDataVersion)          -> v0
//   2. connection C starts and holds its read transaction (beginHeldRead)
//   3. connection S starts its own read transaction and reads data_version again
//      (sameStateAs): equal to v0 means no commit between 1 and 3, so S and C see the
//      same state; otherwise the caller falls back to something slower but exact.
import type { Db } from '../library/library';

export interface HeldRead {
  /** Ends the read transaction; safe to call once the work that needed it is done. */
  release(): void;
}

function hold(db: Db): HeldRead {
  let open = true;
  return {
    release() {
      if (!open) return;
      open = false;
      if (db.open && db.inTransaction) db.exec('COMMIT');
    },
  };
}

/** This connection's data_version (outside a transaction: as of now). */
export function readDataVersion(db: Db): number {
  return Number(db.pragma('data_version', { simple: true }));
}

/**
 * Starts a read transaction and keeps it open, when the library is in WAL mode; null
 * otherwise, because in rollback-journal mode a held read lock would stall every
 * writer until the backup is done.
 */
export function beginHeldRead(db: Db): HeldRead | null {
  const mode = String(db.pragma('journal_mode', { simple: true })).toLowerCase();
  if (mode !== 'wal') return null;
  db.exec('BEGIN');
  try {
    // A deferred BEGIN takes no lock; the first read does, and pins the state.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (err) {
    db.exec('ROLLBACK');
    throw err;
  }
  return hold(db);
}

/**
 * Starts a read transaction on `db` and returns it held when the library has not
 * changed since `dataVersion` was read on this same connection; null (and no
 * transaction) when it has.
 */
export function sameStateAs(db: Db, dataVersion: number): HeldRead | null {
  db.exec('BEGIN');
  try {
    // The first statement of the transaction takes the read lock and pins the state;
    // data_version then reports whether anybody committed since the earlier reading.
    if (readDataVersion(db) === dataVersion) return hold(db);
    db.exec('ROLLBACK');
    return null;
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  }
}
