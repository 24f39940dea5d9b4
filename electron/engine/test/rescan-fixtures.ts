// Small libraries with real audio files for the rescan tests: variant A or B
// `tracks` tables whose rows point at synthesized WAV clips (or at missing, empty and
// junk files), and a context that records progress and can cancel.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { JobContext, ProgressUpdate } from '../progress';
import { encodeWav } from '../audio/wav-writer';
import { synthesize } from '../audio/synth';

export interface FixtureTrack {
  id: string;
  filePath: string | null;
  features?: string | null;
  /** Variant B only: epoch seconds of an earlier failure. */
  failedAt?: number | null;
}

export function createLibrary(libraryPath: string, variant: 'A' | 'B', tracks: FixtureTrack[]): void {
  const db = new Database(libraryPath);
  try {
    db.pragma('journal_mode = WAL');
    if (variant === 'A') {
      db.exec(`CREATE TABLE tracks (track_id TEXT PRIMARY KEY, artist TEXT, title TEXT, album TEXT, file_path TEXT,
                 sonic_features TEXT, sonic_features_updated_at TEXT)`);
      const ins = db.prepare('INSERT INTO tracks VALUES (?, ?, ?, ?, ?, ?, ?)');
      for (const t of tracks) {
        ins.run(
          t.id,
          'Artist',
          `Title ${t.id}`,
          'Album',
          t.filePath,
          t.features ?? null,
          t.features ? '2024-01-01T00:00:00.000Z' : null,
        );
      }
    } else {
      db.exec(`CREATE TABLE tracks (track_id TEXT PRIMARY KEY, artist TEXT, artist_key TEXT, title TEXT, album TEXT,
                 musicbrainz_id TEXT, file_path TEXT, duration_ms INTEGER, sonic_features TEXT,
                 sonic_analyzed_at INTEGER, sonic_failed_at INTEGER, sonic_source TEXT)`);
      const ins = db.prepare('INSERT INTO tracks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
      for (const t of tracks) {
        ins.run(
          t.id,
          'Artist',
          'artist',
          `Title ${t.id}`,
          'Album',
          null,
          t.filePath,
          8000,
          t.features ?? null,
          t.features ? 1_700_000_000 : null,
          t.failedAt ?? null,
          t.features ? 'legacy' : null,
        );
      }
    }
    db.exec(
      `CREATE TABLE playlists (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO playlists (name) VALUES ('Keep me');`,
    );
  } finally {
    db.close();
  }
}

/** A short mono 22,050 Hz drum-and-chords clip at `bpm`. */
export function writeClip(file: string, bpm: number, seconds = 8): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(
    file,
    encodeWav(synthesize({ bpm, tonic: 0, mode: 'major', sampleRate: 22_050 }, seconds), {
      sampleRate: 22_050,
    }),
  );
}

export function readRows(libraryPath: string): Record<string, Record<string, unknown>> {
  const db = new Database(libraryPath, { readonly: true });
  try {
    const rows = db.prepare('SELECT * FROM tracks ORDER BY rowid').all() as Record<string, unknown>[];
    return Object.fromEntries(rows.map((r) => [String(r.track_id), r]));
  } finally {
    db.close();
  }
}

export function columnsOf(libraryPath: string): string[] {
  const db = new Database(libraryPath, { readonly: true });
  try {
    return (db.prepare('SELECT name FROM pragma_table_info(?)').all('tracks') as { name: string }[]).map(
      (r) => r.name,
    );
  } finally {
    db.close();
  }
}

export interface RecordingContext extends JobContext {
  updates: ProgressUpdate[];
  controller: AbortController;
}

export function recordingContext(
  onUpdate?: (u: ProgressUpdate, ctx: RecordingContext) => void,
): RecordingContext {
  const controller = new AbortController();
  const ctx: RecordingContext = {
    signal: controller.signal,
    controller,
    updates: [],
    report: (u) => {
      ctx.updates.push(u);
      onUpdate?.(u, ctx);
    },
  };
  return ctx;
}

/**
 * Backbeat's own tempo estimate of a written analysis (metadata.backbeat_bpm): the
 * stored primary_bpm is librosa's, a whole tempogram lag, as the generator's is.
 */
export function bpmOf(json: unknown): number {
  return (JSON.parse(String(json)) as { metadata: { backbeat_bpm: number } }).metadata.backbeat_bpm;
}
