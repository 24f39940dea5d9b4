// The library's tracks as the repository tools see them: a track id and the path of
// its audio file. Read-only, from the same `tracks` table every layout has.
import path from 'node:path';
import { ContractError } from '../../../shared/errors';
import { columnsOf, openLibrary } from '../library/library';

export interface TrackFile {
  trackId: string;
  /** The file_path as the library holds it (absolute paths only are usable). */
  filePath: string;
}

/** Every track that has a file path, in track id order. */
export function readTrackFiles(libraryPath: string): TrackFile[] {
  const db = openLibrary(libraryPath, { readonly: true });
  try {
    const cols = columnsOf(db, 'tracks');
    if (!cols.has('track_id') || !cols.has('file_path')) return [];
    const rows = db
      .prepare(
        'SELECT CAST(track_id AS TEXT) AS trackId, file_path AS filePath FROM tracks WHERE file_path IS NOT NULL ORDER BY track_id',
      )
      .all() as TrackFile[];
    return rows.filter((r) => typeof r.filePath === 'string' && r.filePath !== '');
  } finally {
    db.close();
  }
}

/**
 * The tracks that `refs` name: each ref is a track id, else a track's file path
 * (absolute, or relative to the working folder). A ref that names no track is an error.
 */
export function findTracks(libraryPath: string, refs: readonly string[]): TrackFile[] {
  const tracks = readTrackFiles(libraryPath);
  const byId = new Map(tracks.map((t) => [t.trackId, t]));
  const byPath = new Map(tracks.map((t) => [path.resolve(t.filePath), t]));
  const found: TrackFile[] = [];
  for (const ref of refs) {
    const t = byId.get(ref) ?? byPath.get(path.resolve(ref));
    if (!t)
      throw new ContractError('not-found', `No track of this library has the id or file path "${ref}".`);
    if (!found.includes(t)) found.push(t);
  }
  return found;
}
