// Shared set-up for the restore tests: a small demo library, a real backup of it, and
// changes made behind the engine's back (a botched rescan, deleted, added and retagged
// tracks), recorded so tests can assert exact counts.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { BackupMeta } from '../../../../shared/types';
import type { FormatCounts } from '../../../../shared/types';
import { createBackup } from '../../backup';
import { createDemoLibrary, type DemoVariant } from '../../demo';
import { summarizeFeatures } from '../../features';
import { silentContext } from '../../progress';

export function makeTempRoot(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `backbeat-${prefix}-`));
}

export function removeTree(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

export interface Fixture {
  root: string;
  libraryPath: string;
  backupDir: string;
  backup: BackupMeta;
  variant: DemoVariant;
}

/** A demo library in a fresh temp folder and one manual backup of it. */
export async function libraryWithBackup(
  prefix: string,
  options: { tracks?: number; seed?: number; variant?: DemoVariant } = {},
): Promise<Fixture> {
  const root = makeTempRoot(prefix);
  const variant = options.variant ?? 'A';
  const libraryPath = await createDemoLibrary(path.join(root, 'lib'), {
    tracks: options.tracks ?? 240,
    seed: options.seed ?? 11,
    variant,
  });
  const backupDir = path.join(root, 'backups');
  const backup = await createBackup({
    libraryPath,
    backupDir,
    trigger: 'manual',
    appVersion: 'test',
    ctx: silentContext(),
  });
  return { root, libraryPath, backupDir, backup, variant };
}

/** Every row of every table (and the schema), as one string: equal dumps, equal databases. */
export function dumpDatabase(dbPath: string): string {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const tables = db
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all() as { name: string; sql: string }[];
    const parts: string[] = [];
    for (const t of tables) {
      parts.push(t.sql);
      const rows = db.prepare(`SELECT * FROM "${t.name}" ORDER BY rowid`).raw().all();
      parts.push(JSON.stringify(rows));
    }
    return crypto.createHash('sha256').update(parts.join('\n')).digest('hex');
  } finally {
    db.close();
  }
}

export interface TrackRow {
  track_id: string;
  artist: string | null;
  title: string | null;
  file_path: string | null;
  sonic_features: string | null;
  [column: string]: unknown;
}

export function readTracks(dbPath: string): Map<string, TrackRow> {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT * FROM tracks ORDER BY rowid').all() as TrackRow[];
    return new Map(rows.map((r) => [r.track_id, r]));
  } finally {
    db.close();
  }
}

/** What tamperLibrary did, by track_id (retagged: the backup's id -> the library's new id). */
export interface Tampering {
  altered: string[];
  timestampOnly: string[];
  wiped: string[];
  deleted: string[];
  retaggedAltered: Map<string, string>;
  retaggedSame: Map<string, string>;
  libraryOnly: string[];
  /** Variant B only: tracks whose sonic_source or sonic_failed_at alone changed. */
  sourceOnly: string[];
  failedOnly: string[];
  /** Tracks a restore would write back. */
  toRestore: number;
}

export const SIZES = {
  altered: 20,
  timestampOnly: 5,
  wiped: 10,
  retaggedAltered: 3,
  retaggedSame: 3,
  deleted: 7,
  libraryOnly: 4,
  sourceOnly: 4,
  failedOnly: 2,
};

const REPLACEMENT_FEATURES = '{"version":1,"tempo":99.5,"note":"rescanned by a broken build"}';

/**
 * Changes the live library the way real life does, on analysed tracks picked in rowid
 * order (so the picks are the same every run).
 */
export function tamperLibrary(libraryPath: string, variant: DemoVariant): Tampering {
  const db = new Database(libraryPath);
  try {
    const ids = db
      .prepare('SELECT track_id FROM tracks WHERE sonic_features IS NOT NULL ORDER BY rowid')
      .pluck()
      .all() as string[];
    let next = 0;
    const take = (n: number) => {
      const picked = ids.slice(next, next + n);
      next += n;
      return picked;
    };
    const t: Tampering = {
      altered: take(SIZES.altered),
      timestampOnly: take(SIZES.timestampOnly),
      wiped: take(SIZES.wiped),
      deleted: take(SIZES.deleted),
      retaggedAltered: new Map(),
      retaggedSame: new Map(),
      libraryOnly: [],
      sourceOnly: variant === 'B' ? take(SIZES.sourceOnly) : [],
      failedOnly: variant === 'B' ? take(SIZES.failedOnly) : [],
      toRestore: 0,
    };
    const at = variant === 'A' ? 'sonic_features_updated_at' : 'sonic_analyzed_at';
    const newTime = variant === 'A' ? '2026-01-02T03:04:05.000Z' : 1767323045;
    db.exec('BEGIN');
    const setFeatures = db.prepare(`UPDATE tracks SET sonic_features = ?, ${at} = ? WHERE track_id = ?`);
    for (const id of t.altered) setFeatures.run(REPLACEMENT_FEATURES, newTime, id);
    for (const id of t.wiped) setFeatures.run(null, null, id);
    const setTime = db.prepare(`UPDATE tracks SET ${at} = ? WHERE track_id = ?`);
    for (const id of t.timestampOnly) setTime.run(newTime, id);
    const del = db.prepare('DELETE FROM tracks WHERE track_id = ?');
    for (const id of t.deleted) del.run(id);
    // Retagging: the generator rewrites track_id (md5 of path|artist|title) but keeps file_path.
    const retag = db.prepare(
      "UPDATE tracks SET track_id = ?, artist = artist || ' (retagged)' WHERE track_id = ?",
    );
    for (const [list, alter] of [
      [t.retaggedAltered, true],
      [t.retaggedSame, false],
    ] as const) {
      for (const oldId of take(alter ? SIZES.retaggedAltered : SIZES.retaggedSame)) {
        const newId = crypto.createHash('md5').update(`retagged|${oldId}`).digest('hex');
        retag.run(newId, oldId);
        if (alter) setFeatures.run(REPLACEMENT_FEATURES, newTime, newId);
        list.set(oldId, newId);
      }
    }
    const cols = variant === 'A' ? '' : ', sonic_source';
    const vals = variant === 'A' ? '' : ", 'beat3tower_beats'";
    for (let i = 0; i < SIZES.libraryOnly; i++) {
      const id = crypto.createHash('md5').update(`new|${i}`).digest('hex');
      db.prepare(
        `INSERT INTO tracks (track_id, artist, title, album, file_path, sonic_features, ${at}${cols})
         VALUES (?, 'New Artist', ?, 'New Album', ?, ?, ?${vals})`,
      ).run(
        id,
        `New Song ${i}`,
        `/music/New Artist/New Album/0${i} - New Song ${i}.flac`,
        REPLACEMENT_FEATURES,
        newTime,
      );
      t.libraryOnly.push(id);
    }
    if (variant === 'B') {
      const setSource = db.prepare(
        "UPDATE tracks SET sonic_source = 'beat3tower_stats_rescan' WHERE track_id = ?",
      );
      for (const id of t.sourceOnly) setSource.run(id);
      const setFailed = db.prepare('UPDATE tracks SET sonic_failed_at = 1767323045 WHERE track_id = ?');
      for (const id of t.failedOnly) setFailed.run(id);
    }
    db.exec('COMMIT');
    t.toRestore =
      t.altered.length +
      t.timestampOnly.length +
      t.wiped.length +
      t.retaggedAltered.size +
      t.sourceOnly.length +
      t.failedOnly.length;
    return t;
  } finally {
    db.close();
  }
}

/** Analysis columns of a row, for comparing libraries and backups. */
export function analysisOf(row: TrackRow | undefined, variant: DemoVariant): unknown[] {
  if (!row) return [];
  return variant === 'A'
    ? [row.sonic_features, row.sonic_features_updated_at]
    : [row.sonic_features, row.sonic_analyzed_at, row.sonic_source, row.sonic_failed_at];
}

/** The library's tracks by format, counted one document at a time with summarizeFeatures. */
export function countFormats(dbPath: string): FormatCounts {
  const counts: FormatCounts = { beat3tower: 0, legacy: 0, none: 0 };
  for (const row of readTracks(dbPath).values()) counts[summarizeFeatures(row.sonic_features).format]++;
  return counts;
}
