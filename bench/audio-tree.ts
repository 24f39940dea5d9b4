// Audio-like file trees for the repository benches: incompressible bytes with a tag
// block at the start (as an MP3's ID3 tag), laid out as artist/album/track folders,
// and a small library database whose tracks point at them. Also the few process and
// size helpers the repository rows share.
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/** How big a tag block is: the part a tag editor rewrites. */
export const TAG_BYTES = 4096;

/** Audio-like bytes: random (so nothing compresses or deduplicates by accident), tag block first. */
export function audioBytes(size: number): Buffer {
  const b = crypto.randomBytes(size);
  b.write('ID3\u0004\u0000', 0, 'latin1');
  return b;
}

export interface TreeShape {
  /** Files per artist folder (the unit the "folder moved" row moves). */
  perArtist: number;
  /** Files per album folder inside an artist folder. */
  perAlbum: number;
}

/**
 * Writes `count` files of `size` bytes below `root` as `A000/Album 00/00 track.mp3`
 * and returns their paths (absolute, in order).
 */
export function writeTree(root: string, count: number, size: number, shape: TreeShape): string[] {
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const artist = Math.floor(i / shape.perArtist);
    const inArtist = i % shape.perArtist;
    const album = Math.floor(inArtist / shape.perAlbum);
    const dir = path.join(
      root,
      `A${String(artist).padStart(3, '0')}`,
      `Album ${String(album).padStart(2, '0')}`,
    );
    if (inArtist % shape.perAlbum === 0) fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${String(inArtist % shape.perAlbum).padStart(2, '0')} track.mp3`);
    fs.writeFileSync(file, audioBytes(size));
    files.push(file);
  }
  return files;
}

/** A tag editor's save: the first TAG_BYTES of the file rewritten in place, the rest untouched. */
export function retag(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    const tag = crypto.randomBytes(TAG_BYTES);
    tag.write('ID3\u0004\u0000', 0, 'latin1');
    fs.writeSync(fd, tag, 0, tag.length, 0);
  } finally {
    fs.closeSync(fd);
  }
}

/** A minimal library (layout A) whose tracks are the given files. */
export function writeLibrary(libraryPath: string, files: readonly string[]): void {
  const db = new Database(libraryPath);
  try {
    db.pragma('journal_mode = WAL');
    db.exec(`CREATE TABLE tracks (track_id TEXT PRIMARY KEY, artist TEXT, title TEXT, file_path TEXT,
             sonic_features TEXT, sonic_features_updated_at TEXT)`);
    const insert = db.prepare('INSERT INTO tracks VALUES (?, ?, ?, ?, NULL, NULL)');
    db.transaction(() => {
      files.forEach((p, i) => insert.run(`t-${i}`, path.basename(path.dirname(p)), `Track ${i}`, p));
    })();
  } finally {
    db.close();
  }
}

/** Bytes of every file below `dir` (what the repository takes on its disk). */
export function dirBytes(dir: string): number {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) total += dirBytes(p);
    else if (e.isFile()) total += fs.statSync(p).size;
  }
  return total;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function has(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

export interface Timed {
  seconds: number;
  stdout: string;
}

/** Runs a whole process to its end and times it; throws with its stderr on failure. */
export function timedRun(cmd: string, args: string[], env?: NodeJS.ProcessEnv): Timed {
  const start = performance.now();
  const res = spawnSync(cmd, args, {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(env ? { env } : {}),
  });
  const seconds = (performance.now() - start) / 1000;
  if (res.status !== 0) {
    throw new Error(`${path.basename(cmd)} ${args.join(' ')} failed (${res.status}): ${res.stderr}`);
  }
  return { seconds, stdout: res.stdout };
}

export function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
