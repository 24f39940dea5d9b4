// A demo library WITH audio for the rescan tests (the app's own demo has none, and a
// rescan with none of its audio found is refused): written by `backbeat demo
// --with-audio`, with some tracks' analysis cleared so a safe rescan has work, and
// some of their audio files removed so those tracks fail. Opened through the
// Welcome screen's typed path, as a user in browser mode would.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, type AppFixture } from './fixtures';

const ROOT = path.resolve(__dirname, '..');

export interface AudioLibrary {
  libraryPath: string;
  /** Tracks without analysis (a safe rescan's work). */
  pending: number;
  /** Of them, those whose audio file was removed. */
  missing: number;
}

export function makeAudioLibrary(
  dir: string,
  o: { tracks: number; pending: number; missing: number; junk?: number },
): AudioLibrary {
  const run = spawnSync(
    process.execPath,
    [path.join(ROOT, 'bin', 'backbeat.js'), 'demo', dir, '--tracks', String(o.tracks), '--with-audio'],
    { encoding: 'utf8', env: { ...process.env, BACKBEAT_LIBRARY: '', BACKBEAT_BACKUP_DIR: '' } },
  );
  if (run.status !== 0) throw new Error(`backbeat demo failed: ${run.stderr}`);
  const libraryPath = path.join(dir, 'library.db');
  const db = new Database(libraryPath);
  try {
    // Exactly `pending` tracks without analysis: the first ones in table order.
    const rows = db
      .prepare('SELECT track_id AS id, file_path AS filePath FROM tracks ORDER BY rowid')
      .all() as {
      id: string;
      filePath: string;
    }[];
    const clear = db.prepare(
      'UPDATE tracks SET sonic_features = NULL, sonic_features_updated_at = NULL WHERE track_id = ?',
    );
    const fill = db.prepare(
      `UPDATE tracks SET sonic_features = '{"tempo":120}', sonic_features_updated_at = '2024-01-01T00:00:00.000Z'
        WHERE track_id = ? AND sonic_features IS NULL`,
    );
    rows.forEach((r, i) => (i < o.pending ? clear.run(r.id) : fill.run(r.id)));
    for (const r of rows.slice(0, o.missing)) fs.rmSync(path.resolve(dir, r.filePath), { force: true });
    // Files that are there but are not audio: those tracks fail although the drive is fine.
    for (const r of rows.slice(o.missing, o.missing + (o.junk ?? 0))) {
      const file = path.resolve(dir, r.filePath);
      fs.rmSync(file, { force: true }); // a hard link to a shared clip: never write through it
      fs.writeFileSync(file, 'not audio at all '.repeat(200));
    }
  } finally {
    db.close();
  }
  return { libraryPath, pending: o.pending, missing: o.missing };
}

/** From the Welcome screen: types the library's path and opens it. */
export async function openLibraryByPath({ page }: AppFixture, libraryPath: string): Promise<void> {
  await page.getByRole('button', { name: 'Open library...' }).click();
  await page.getByLabel('Library path').fill(libraryPath);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Back up now' })).toBeVisible();
  // Opening navigates to the Library screen; let that land before the test navigates on.
  await expect(page).toHaveURL(/#\/library$/);
}
