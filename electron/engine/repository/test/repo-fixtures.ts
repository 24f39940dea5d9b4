// Fixtures for the repository tests: a library whose tracks point at real files in a
// temp folder, a password file, and the scope the operations take. Tests that need
// restic find it the way Backbeat does and skip, saying why, when it is missing.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { TestContext } from 'node:test';
import { silentContext, type JobContext } from '../../runtime/progress';
import type { RepoScope } from '../operations';
import { checkPasswordFile } from '../repo-password';
import { findRestic, type ResticBinary } from '../restic-discovery';
import { makeTempDir } from '../../test/fixtures/temp-dir';

/** restic as Backbeat finds it, or null (and the test skipped with the reason). */
export async function resticOrSkip(t: TestContext): Promise<ResticBinary | null> {
  try {
    return await findRestic(process.env);
  } catch (err) {
    t.skip(`restic is not available (${(err as Error).message}); set BACKBEAT_RESTIC to run this test`);
    return null;
  }
}

/** Audio-like bytes: incompressible, with a tag block at the start. */
export function audioBytes(size: number, tag = 'ID3'): Buffer {
  const b = crypto.randomBytes(size);
  b.write(tag.padEnd(16, '\0'), 0);
  return b;
}

export interface RepoWorld {
  dir: string;
  dataDir: string;
  music: string;
  libraryPath: string;
  repo: string;
  passwordFile: string;
  scope: RepoScope;
  /** Paths of the audio files, relative to `music`. */
  files: string[];
  cleanup(): void;
}

export function writeLibrary(libraryPath: string, filePaths: readonly string[]): void {
  const db = new Database(libraryPath);
  try {
    db.pragma('journal_mode = WAL');
    db.exec(`CREATE TABLE tracks (track_id TEXT PRIMARY KEY, artist TEXT, title TEXT, file_path TEXT,
             sonic_features TEXT, sonic_features_updated_at TEXT)`);
    const insert = db.prepare('INSERT INTO tracks VALUES (?, ?, ?, ?, NULL, NULL)');
    filePaths.forEach((p, i) => insert.run(`t-${i}`, `Artist ${i}`, `Title ${i}`, p));
  } finally {
    db.close();
  }
}

/** A library of `count` tracks in `music/<artist>/<album>/`, each file `size` bytes. */
export function makeWorld(prefix: string, count = 6, size = 64 * 1024): RepoWorld {
  const tmp = makeTempDir(prefix);
  const dir = tmp.dir;
  const music = path.join(dir, 'music');
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const rel = path.join(`Artist ${i % 2}`, `Album ${i % 3}`, `track ${i}.mp3`);
    fs.mkdirSync(path.join(music, path.dirname(rel)), { recursive: true });
    fs.writeFileSync(path.join(music, rel), audioBytes(size));
    files.push(rel);
  }
  const libraryPath = path.join(dir, 'library.db');
  writeLibrary(
    libraryPath,
    files.map((f) => path.join(music, f)),
  );
  const passwordFile = path.join(dir, 'repo-password');
  fs.writeFileSync(passwordFile, 'correct horse battery staple\n', { mode: 0o600 });
  const dataDir = path.join(dir, 'data');
  const repo = path.join(dir, 'repo');
  return {
    dir,
    dataDir,
    music,
    libraryPath,
    repo,
    passwordFile,
    files,
    scope: {
      dataDir,
      libraryPath,
      env: process.env,
      password: () => Promise.resolve(checkPasswordFile(passwordFile)),
    },
    cleanup: tmp.cleanup,
  };
}

export function quiet(): JobContext {
  return silentContext();
}
