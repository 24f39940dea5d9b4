// The library against its audio: tracks whose file is missing (with the newest snapshot
// that still holds it), unreadable, or changed since the newest snapshot (size or
// modification time against that snapshot's listing), and audio files in the audio
// folders that no track refers to. Reads the library, the folders and Backbeat's index;
// writes nothing but the index (each snapshot's listing, read once).
//
// The Library screen asks for it each time it opens, so the heavy part (thousands of
// stats and SQLite reads) runs in a worker (crosscheck-scan.ts), and the app's answer
// (keptCrosscheck; the CLI always looks afresh) is kept until the library database, the snapshots or the audio folders change, or a restore
// of files writes to the disk. A file changed on disk behind Backbeat's back is seen at
// the next of those (or when the app starts again).
import fs from 'node:fs';
import path from 'node:path';
import type { RepoSnapshotEntry } from '../../../shared/repository-types';
import type { CrosscheckResult } from '../../../shared/repository-tools-types';
import { silentContext } from '../runtime/progress';
import { startWorker } from '../workers';
import { repoAccess, repositoryView, normalizeRepo, type RepoScope } from './operations';
import { libraryKey, readLibraryRepoConfig } from './repo-config';
import type { RepoAccess } from './restic-runner';
import { ensureIndexed } from './snapshot-index';
import { listLibrarySnapshots } from './snapshots';

export { AUDIO_EXTENSIONS } from './crosscheck-scan';

/** The repository's snapshots of the library, or none when no repository is set up. */
async function snapshotsOf(
  scope: RepoScope,
  signal?: AbortSignal,
): Promise<{ a: RepoAccess | null; list: RepoSnapshotEntry[] }> {
  const repo = scope.repo
    ? normalizeRepo(scope.repo)
    : readLibraryRepoConfig(scope.dataDir, scope.libraryPath).repo;
  if (!repo) return { a: null, list: [] };
  const a = await repoAccess(scope);
  return { a, list: await listLibrarySnapshots(a, libraryKey(scope.libraryPath), signal) };
}

/** The newest snapshot holding each missing file: newest first, indexing older ones only while some are unfound. */
async function compute(
  scope: RepoScope,
  a: RepoAccess | null,
  list: RepoSnapshotEntry[],
  folders: string[],
  signal?: AbortSignal,
): Promise<CrosscheckResult> {
  const newest = list[list.length - 1] ?? null;
  if (a && newest) await ensureIndexed(scope.dataDir, a, newest.id, signal);
  const worker = startWorker('crosscheck');
  const ctx = silentContext(signal);
  try {
    const scan = await worker.call(
      'scan',
      { libraryPath: scope.libraryPath, dataDir: scope.dataDir, newestId: newest?.id ?? null, folders },
      ctx,
    );
    const holder = new Map<string, RepoSnapshotEntry>();
    if (a) {
      let unfound = scan.missing.map((m) => m.path);
      for (const s of [...list].reverse()) {
        if (unfound.length === 0) break;
        await ensureIndexed(scope.dataDir, a, s.id, signal);
        const found = new Set(
          await worker.call('holding', { dataDir: scope.dataDir, snapshotId: s.id, paths: unfound }, ctx),
        );
        for (const p of found) holder.set(p, s);
        unfound = unfound.filter((p) => !found.has(p));
      }
    }
    return {
      ...scan,
      missing: scan.missing.map((m) => ({ ...m, snapshot: holder.get(m.path) ?? null })),
      newestSnapshot: newest,
    };
  } finally {
    await worker.terminate();
  }
}

/** Answers kept by library (and data folder), with what they were computed from. */
const kept = new Map<string, { signature: string; result: Promise<CrosscheckResult> }>();

/** Forgets every kept answer: Backbeat itself changed files on disk (a restore of files). */
export function forgetCrosschecks(): void {
  kept.clear();
}

function stamp(p: string): string {
  try {
    const s = fs.statSync(p);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return '-';
  }
}

/** A fresh cross-check (the CLI's, and the app's when nothing kept applies). */
export async function crosscheckOperation(scope: RepoScope, signal?: AbortSignal): Promise<CrosscheckResult> {
  const { a, list } = await snapshotsOf(scope, signal);
  return compute(scope, a, list, presentFolders(scope), signal);
}

function presentFolders(scope: RepoScope): string[] {
  return repositoryView(scope)
    .folders.filter((f) => f.present)
    .map((f) => f.path);
}

/**
 * The app's cross-check: the kept answer while the library database, the repository, its
 * snapshots and the audio folders are as they were (and no restore of files ran since),
 * else (or when `fresh` is asked: "Check again") a new one, shared by callers that ask while it runs.
 */
export async function keptCrosscheck(scope: RepoScope, fresh = false): Promise<CrosscheckResult> {
  const { a, list } = await snapshotsOf(scope);
  const folders = presentFolders(scope);
  const library = path.resolve(scope.libraryPath);
  const signature = JSON.stringify([
    stamp(library),
    stamp(`${library}-wal`),
    a?.repo ?? null,
    list.map((s) => s.id),
    folders,
  ]);
  const key = `${scope.dataDir}\0${library}`;
  const hit = kept.get(key);
  if (hit && hit.signature === signature && !fresh) return hit.result;
  const result = compute(scope, a, list, folders);
  kept.set(key, { signature, result });
  // A failed check is not kept: the next call tries again.
  void result.catch(() => {
    if (kept.get(key)?.result === result) kept.delete(key);
  });
  return result;
}
