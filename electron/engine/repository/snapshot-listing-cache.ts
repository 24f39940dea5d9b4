// The library's snapshot listing, answered without restic when the repository provably
// holds the same snapshots as when restic last listed them. Each `restic snapshots`
// opens the repository and derives its key (0.7 s here), and a snapshot of an unchanged
// library (the usual scheduled case) needs the listing only to find its parent and check
// the name.
//
// Why this is safe: restic names each snapshot file in the repository's `snapshots/`
// folder by the SHA-256 of its content, and never rewrites one; adding, forgetting or
// rewriting a snapshot (by Backbeat, a second library, or restic by hand) changes that
// folder's list of names. The names are read before restic lists, so a snapshot added
// in between makes the next comparison differ rather than be missed. Only local
// repositories have a folder to read; remote ones always ask restic. An empty folder
// needs no restic either: a repository without snapshot files has no snapshots.
//
// A snapshot Backbeat has just made is added to the kept listing without asking restic
// (rememberCreatedSnapshot) when the folder's names are exactly the listed ones plus the
// new snapshot's id: the new snapshot is then the only change, and its record is known.
import fsp from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { readJsonValidated, writeJsonAtomic } from '../fs/atomic-json';
import type { RepoAccess } from './restic-runner';
import { snapshotEntrySchema } from './snapshot-known';
import type { LibrarySnapshotRecord } from './snapshots';

const cacheSchema = z.object({
  repo: z.string(),
  snapshotFiles: z.array(z.string()),
  records: z.array(z.object({ entry: snapshotEntrySchema, paths: z.array(z.string()) })),
});

/** The local folder of a repository location, or null for sftp:, s3:, rest:, rclone: and the like. */
export function localRepositoryFolder(repo: string): string | null {
  const p = repo.startsWith('local:') ? repo.slice('local:'.length) : repo;
  return path.isAbsolute(p) ? p : null;
}

/** The sorted names in the repository's snapshots/ folder; null when they cannot be read. */
async function snapshotFileNames(repo: string): Promise<string[] | null> {
  const folder = localRepositoryFolder(repo);
  if (folder === null) return null;
  try {
    return (await fsp.readdir(path.join(folder, 'snapshots'))).sort();
  } catch {
    return null;
  }
}

function cachePath(dataDir: string, libraryKey: string): string {
  return path.join(dataDir, 'repository-listings', `${libraryKey}.json`);
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}

/**
 * The library's snapshot records, oldest first: from the cache when the repository's
 * snapshot files are exactly those seen when it was written, else from `list` (restic),
 * whose answer is then kept. A cache that cannot be read or written only costs the
 * restic call.
 */
export async function cachedSnapshotRecords(
  dataDir: string,
  access: RepoAccess,
  libraryKey: string,
  list: () => Promise<LibrarySnapshotRecord[]>,
): Promise<LibrarySnapshotRecord[]> {
  const file = cachePath(dataDir, libraryKey);
  const names = await snapshotFileNames(access.repo);
  if (names !== null && names.length === 0) {
    await writeJsonAtomic(file, { repo: access.repo, snapshotFiles: [], records: [] }).catch(() => undefined);
    return [];
  }
  if (names !== null) {
    const cached = await readJsonValidated(file, cacheSchema);
    if (
      cached.status === 'ok' &&
      cached.value.repo === access.repo &&
      sameNames(cached.value.snapshotFiles, names)
    ) {
      return cached.value.records;
    }
  }
  const records = await list();
  if (names !== null) {
    await writeJsonAtomic(file, { repo: access.repo, snapshotFiles: names, records }).catch(() => undefined);
  }
  return records;
}

/**
 * Adds the snapshot just made to the kept listing, when it is the only snapshot file that
 * appeared since the listing (restic names the file by the snapshot's id); otherwise the
 * kept listing is left as it is, and the next comparison sends the next listing to restic.
 */
export async function rememberCreatedSnapshot(
  dataDir: string,
  access: RepoAccess,
  libraryKey: string,
  record: LibrarySnapshotRecord,
): Promise<void> {
  const file = cachePath(dataDir, libraryKey);
  const names = await snapshotFileNames(access.repo);
  if (names === null) return;
  const cached = await readJsonValidated(file, cacheSchema);
  if (cached.status !== 'ok' || cached.value.repo !== access.repo) return;
  const expected = [...cached.value.snapshotFiles, record.entry.id].sort();
  if (!sameNames(expected, names)) return;
  const records = [...cached.value.records, record].sort((a, b) => a.entry.time.localeCompare(b.entry.time));
  await writeJsonAtomic(file, { repo: access.repo, snapshotFiles: names, records }).catch(() => undefined);
}
