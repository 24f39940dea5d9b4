// Writes the demo library database row by row (one transaction, prepared statements),
// so 300,000 tracks need no more memory than 500. Runs in a worker (demo-worker.ts).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { openDatabase } from '../sqlite';
import { ContractError } from '../../../shared/contract';
import { beat3towerFeatures, legacyFeatures } from './demo-features';
import { GENRES, albumTitle, artistName, trackFilePath, trackTitle } from './demo-names';
import { SeededRandom } from './demo-random';
import { throwIfCancelled, type JobContext } from '../runtime/progress';
import { fsyncFileSync } from '../fs/atomic-file';

export type DemoVariant = 'A' | 'B';

export interface DemoWriteOptions {
  tracks: number;
  seed: number;
  variant: DemoVariant;
}

/** What was written, by analysis state. */
export interface DemoCounts {
  tracks: number;
  beat3tower: number;
  legacy: number;
  pending: number;
  /** Variant B only: tracks whose analysis failed (features NULL, sonic_failed_at set). */
  failed: number;
}

/** Shares of tracks by state; the rest are pending. */
const BEAT3TOWER_SHARE = 0.85;
const LEGACY_SHARE = 0.07;
/** Of the pending tracks in variant B, this share has a recorded failure. */
const FAILED_SHARE_OF_PENDING = 0.15;
const MUSIC_ROOT = '/music';
const ROWS_PER_YIELD = 500;
/** Analysis times fall in the year before this instant (fixed, so output is deterministic). */
const ANALYSIS_EPOCH_END = Date.UTC(2025, 5, 1);

const TRACKS_SQL: Record<DemoVariant, string> = {
  A: `CREATE TABLE tracks (
        track_id TEXT PRIMARY KEY,
        artist TEXT,
        title TEXT,
        album TEXT,
        file_path TEXT,
        sonic_features TEXT,
        sonic_features_updated_at TEXT
      )`,
  B: `CREATE TABLE tracks (
        track_id TEXT PRIMARY KEY,
        artist TEXT,
        artist_key TEXT,
        title TEXT,
        album TEXT,
        musicbrainz_id TEXT,
        file_path TEXT,
        duration_ms INTEGER,
        sonic_features TEXT,
        sonic_analyzed_at INTEGER,
        sonic_failed_at INTEGER,
        sonic_source TEXT
      )`,
};

/** The tables a real library keeps beside `tracks`; a backup must carry them too. */
const EXTRA_TABLES_SQL = `
  CREATE INDEX idx_tracks_file_path ON tracks(file_path);
  CREATE TABLE genres (genre_id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
  CREATE TABLE track_genres (
    track_id TEXT NOT NULL,
    genre_id INTEGER NOT NULL REFERENCES genres(genre_id),
    PRIMARY KEY (track_id, genre_id)
  );
  CREATE TABLE playlists (
    playlist_id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE playlist_tracks (
    playlist_id INTEGER NOT NULL REFERENCES playlists(playlist_id),
    position INTEGER NOT NULL,
    track_id TEXT NOT NULL,
    PRIMARY KEY (playlist_id, position)
  );
`;

const INSERT_SQL: Record<DemoVariant, string> = {
  A: `INSERT INTO tracks (track_id, artist, title, album, file_path, sonic_features, sonic_features_updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?)`,
  B: `INSERT INTO tracks (track_id, artist, artist_key, title, album, musicbrainz_id, file_path, duration_ms,
                          sonic_features, sonic_analyzed_at, sonic_failed_at, sonic_source)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
};

/** The generator's track_id: md5 of the lower-cased `path|artist|title`. */
export function demoTrackId(filePath: string, artist: string, title: string): string {
  return crypto.createHash('md5').update(`${filePath}|${artist}|${title}`.toLowerCase()).digest('hex');
}

/** Walks artists, their albums and the albums' tracks, one track at a time. */
class Discography {
  private artistIndex = -1;
  private artist = '';
  private albumsLeft = 0;
  private year = 0;
  private album = '';
  private tracksLeft = 0;
  private trackNumber = 0;
  genreId = 1;

  constructor(
    private readonly rng: SeededRandom,
    private readonly seed: number,
  ) {}

  next(): { artist: string; album: string; year: number; trackNumber: number } {
    if (this.tracksLeft === 0) {
      if (this.albumsLeft === 0) {
        this.artistIndex++;
        this.artist = artistName(this.artistIndex, this.seed);
        this.albumsLeft = this.rng.int(1, 5);
        this.year = this.rng.int(1965, 2015);
        this.genreId = this.rng.int(1, GENRES.length);
      }
      this.albumsLeft--;
      this.year += this.rng.int(1, 4);
      this.album = albumTitle(this.rng);
      this.tracksLeft = this.rng.int(6, 14);
      this.trackNumber = 0;
    }
    this.tracksLeft--;
    this.trackNumber++;
    return { artist: this.artist, album: this.album, year: this.year, trackNumber: this.trackNumber };
  }
}

/** A few playlists per thousand tracks; tracks join them as they are written. */
class Playlists {
  private readonly positions: number[];
  private readonly insert: Database.Statement;

  constructor(db: Database.Database, rng: SeededRandom, tracks: number) {
    const count = Math.max(3, Math.round(tracks / 200));
    const add = db.prepare('INSERT INTO playlists (playlist_id, name, created_at) VALUES (?, ?, ?)');
    for (let i = 1; i <= count; i++) {
      const created = new Date(ANALYSIS_EPOCH_END - rng.int(0, 365) * 86_400_000).toISOString();
      add.run(i, `${albumTitle(rng)} Mix`, created);
    }
    this.positions = new Array<number>(count).fill(0);
    this.insert = db.prepare(
      'INSERT INTO playlist_tracks (playlist_id, position, track_id) VALUES (?, ?, ?)',
    );
  }

  maybeAdd(rng: SeededRandom, trackId: string): void {
    if (!rng.chance(0.12)) return;
    const index = rng.int(0, this.positions.length - 1);
    this.insert.run(index + 1, ++this.positions[index]!, trackId);
  }
}

function createSchema(db: Database.Database, variant: DemoVariant): void {
  db.exec(TRACKS_SQL[variant]);
  db.exec(EXTRA_TABLES_SQL);
  const addGenre = db.prepare('INSERT INTO genres (genre_id, name) VALUES (?, ?)');
  GENRES.forEach((name, i) => addGenre.run(i + 1, name));
}

/** A deterministic analysis time within the year before ANALYSIS_EPOCH_END, whole seconds. */
function analysisEpochSeconds(rng: SeededRandom): number {
  return Math.floor(ANALYSIS_EPOCH_END / 1000) - rng.int(0, 365 * 86_400);
}

/** Fills `filePath` (which must not exist yet). Yields now and then so cancellation is seen. */
async function fillDatabase(
  filePath: string,
  options: DemoWriteOptions,
  ctx: JobContext,
): Promise<DemoCounts> {
  const { tracks, seed, variant } = options;
  const rng = new SeededRandom(seed);
  const counts: DemoCounts = { tracks, beat3tower: 0, legacy: 0, pending: 0, failed: 0 };
  const db = openDatabase(filePath);
  try {
    // A fresh file nobody else sees yet: no journal, no fsync per page; it is fsynced once at the end.
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.exec('BEGIN');
    createSchema(db, variant);
    const insertTrack = db.prepare(INSERT_SQL[variant]);
    const insertGenre = db.prepare('INSERT INTO track_genres (track_id, genre_id) VALUES (?, ?)');
    const playlists = new Playlists(db, rng, tracks);
    const discography = new Discography(rng, seed);
    for (let i = 0; i < tracks; i++) {
      const { artist, album, year, trackNumber } = discography.next();
      const title = trackTitle(rng);
      const file = trackFilePath(MUSIC_ROOT, artist, year, album, trackNumber, title, rng);
      const trackId = demoTrackId(file, artist, title);
      // Mostly 2-7 minutes; a few short interludes exercise the "60 s or less" rule.
      const duration = rng.chance(0.03) ? rng.range(20, 60) : rng.range(120, 420);
      const roll = rng.next();
      let features: string | null = null;
      let source: string | null = null;
      if (roll < BEAT3TOWER_SHARE) {
        const doc = beat3towerFeatures(rng, duration);
        features = doc.json;
        source = doc.source;
        counts.beat3tower++;
      } else if (roll < BEAT3TOWER_SHARE + LEGACY_SHARE) {
        features = legacyFeatures(rng, duration);
        counts.legacy++;
      } else {
        counts.pending++;
      }
      const analyzedAt = features === null ? null : analysisEpochSeconds(rng);
      if (variant === 'A') {
        const iso = analyzedAt === null ? null : new Date(analyzedAt * 1000).toISOString();
        insertTrack.run(trackId, artist, title, album, file, features, iso);
      } else {
        const failedAt =
          features === null && rng.chance(FAILED_SHARE_OF_PENDING) ? analysisEpochSeconds(rng) : null;
        if (failedAt !== null) counts.failed++;
        const mbid = rng.chance(0.6) ? crypto.createHash('md5').update(`mb|${trackId}`).digest('hex') : null;
        insertTrack.run(
          trackId,
          artist,
          artist.toLowerCase().replace(/^the /, ''),
          title,
          album,
          mbid,
          file,
          Math.round(duration * 1000),
          features,
          analyzedAt,
          failedAt,
          source,
        );
      }
      insertGenre.run(trackId, discography.genreId);
      playlists.maybeAdd(rng, trackId);
      if ((i + 1) % ROWS_PER_YIELD === 0) {
        ctx.report({ phase: 'generate', label: 'Writing demo tracks', fraction: (i + 1) / tracks });
        await new Promise<void>((resolve) => setImmediate(resolve));
        throwIfCancelled(ctx.signal);
      }
    }
    db.exec('COMMIT');
    // Completion always gets through the reporter's throttle, so the bar ends full.
    ctx.report({ phase: 'generate', label: 'Writing demo tracks', fraction: 1 });
    // Libraries in the wild run in WAL mode; so does the demo.
    db.pragma('journal_mode = WAL');
  } finally {
    db.close();
  }
  return counts;
}

/**
 * Moves `from` to `to` unless `to` exists. A hard link fails atomically when the name is
 * taken (another process may have created a library while we were writing); file systems
 * without hard links fall back to a checked rename.
 */
function publishWithoutOverwrite(from: string, to: string): void {
  try {
    fs.linkSync(from, to);
    fs.rmSync(from, { force: true });
    return;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      throw new ContractError('bad-arguments', `A library appeared at ${to} meanwhile; it was left alone.`);
    }
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'ENOSYS') throw err;
  }
  if (fs.existsSync(to)) {
    throw new ContractError('bad-arguments', `A library appeared at ${to} meanwhile; it was left alone.`);
  }
  fs.renameSync(from, to);
}

/**
 * Writes `<dir>/library.db` through a temp file renamed into place at the end, so a
 * cancelled or failed run leaves nothing that looks like a library.
 */
export async function writeDemoLibrary(
  dir: string,
  options: DemoWriteOptions,
  ctx: JobContext,
): Promise<{ path: string; counts: DemoCounts }> {
  if (!Number.isInteger(options.tracks) || options.tracks < 1) {
    throw new ContractError('bad-arguments', 'The demo library needs a whole number of tracks, at least 1.');
  }
  const target = path.join(dir, 'library.db');
  if (fs.existsSync(target)) {
    throw new ContractError(
      'bad-arguments',
      `A library already exists at ${target}; Backbeat will not overwrite it. Choose an empty folder.`,
    );
  }
  fs.mkdirSync(dir, { recursive: true });
  const partial = path.join(dir, `.library.db.${process.pid}.${Date.now()}.partial`);
  try {
    const counts = await fillDatabase(partial, options, ctx);
    fsyncFileSync(partial);
    publishWithoutOverwrite(partial, target);
    return { path: target, counts };
  } finally {
    for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${partial}${suffix}`, { force: true });
  }
}
