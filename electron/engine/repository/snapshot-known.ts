// The library's snapshots as restic last listed them, per repository, kept beside the
// index of their listings (snapshot-index.ts). A folder of a snapshot that is asked for
// by its full id and already indexed is then answered from the cache alone: no restic
// process, no key derivation, no repository open. Everything else (id prefixes, names,
// `latest`, snapshots never indexed) still resolves through restic, and every listing
// through restic replaces the cached one, so a snapshot forgotten since is dropped then;
// until then its folders are still served from the index, which is all it holds.
import { z } from 'zod';
import type { RepoSnapshotEntry } from '../../../shared/repository-types';
import { openIndex, queuedWrite } from './snapshot-index';
import { parseJsonAs } from '../../../shared/parse-json';

export const snapshotEntrySchema = z.object({
  id: z.string(),
  shortId: z.string(),
  time: z.string(),
  name: z.string().nullable(),
  trigger: z.enum(['manual', 'scheduled']).nullable(),
  filesNew: z.number().nullable(),
  filesChanged: z.number().nullable(),
  dataAdded: z.number().nullable(),
  totalFiles: z.number().nullable(),
  totalBytes: z.number().nullable(),
});

/** A full snapshot id as restic prints it (sha-256, lower-case hex). */
export function isFullSnapshotId(ref: string): boolean {
  return /^[0-9a-f]{64}$/.test(ref);
}

/** Replaces the cached list of the library's snapshots in `repo` with `list`. */
export function rememberSnapshots(
  dataDir: string,
  repo: string,
  libraryKey: string,
  list: readonly RepoSnapshotEntry[],
): Promise<void> {
  return queuedWrite(dataDir, () => {
    const db = openIndex(dataDir);
    try {
      const insert = db.prepare('INSERT INTO known (repo, library, snapshot, entry) VALUES (?, ?, ?, ?)');
      db.transaction(() => {
        db.prepare('DELETE FROM known WHERE repo = ? AND library = ?').run(repo, libraryKey);
        for (const s of list) insert.run(repo, libraryKey, s.id, JSON.stringify(s));
      })();
    } finally {
      db.close();
    }
  });
}

/**
 * The snapshot with full id `id`, when restic last listed it among the library's
 * snapshots in `repo` and its listing is indexed; else null (resolve through restic).
 */
export function knownIndexedSnapshot(
  dataDir: string,
  repo: string,
  libraryKey: string,
  id: string,
): RepoSnapshotEntry | null {
  if (!isFullSnapshotId(id)) return null;
  const db = openIndex(dataDir);
  try {
    const row = db
      .prepare(
        `SELECT k.entry FROM known k JOIN indexed i ON i.snapshot = k.snapshot
         WHERE k.repo = ? AND k.library = ? AND k.snapshot = ?`,
      )
      .pluck()
      .get(repo, libraryKey, id);
    if (typeof row !== 'string') return null;
    // A cache row this version does not understand is ignored, never trusted.
    const entry = parseJsonAs(snapshotEntrySchema, row);
    return entry && entry.id === id ? entry : null;
  } finally {
    db.close();
  }
}
