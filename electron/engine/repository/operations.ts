// The repository's use cases, shared by the CLI and the service so neither holds
// engine logic: where the repository is, its folders, init, snapshot and listing.
// A snapshot and repo init hold the library lock and then the repository lock
// (library/lock.ts), so a CLI run and the app cannot snapshot the same library at once
// nor beside a copy; restic runs one at a time per repository
// in this process (restic-runner.ts) and restic's own locks cover other processes.
import fs from 'node:fs';
import path from 'node:path';
import { ContractError } from '../../../shared/errors';
import type {
  RepoInitResult,
  RepoSnapshotEntry,
  RepositoryView,
  SnapshotDiffResult,
  SnapshotFile,
  SnapshotFilesResult,
  SnapshotResult,
  SnapshotTrigger,
} from '../../../shared/repository-types';
import { withLibraryAndRepositoryLocks } from '../library/lock';
import type { JobContext } from '../runtime/progress';
import { stagingDir } from './db-staging';
import { checkExcludePattern, normalizeFolder, proposeFoldersForLibrary } from './folders';
import {
  libraryKey,
  readLibraryRepoConfig,
  updateLibraryRepoConfig,
  type AudioFolder,
  type LibraryRepoConfig,
} from './repo-config';
import type { RepoPassword } from './repo-password';
import type { SecretStore } from '../secrets/secret-store';
import { findRestic } from './restic-discovery';
import { initializedSchema } from './restic-messages';
import { runResticSerialized, type RepoAccess } from './restic-runner';
import {
  listLibrarySnapshotRecords,
  listLibrarySnapshots,
  resolveSnapshotRef,
  type LibrarySnapshotRecord,
} from './snapshots';
import { cachedSnapshotRecords, rememberCreatedSnapshot } from './snapshot-listing-cache';
import { takeSnapshot } from './snapshot';
import { knownIndexedSnapshot, rememberSnapshots } from './snapshot-known';
import { diffIndexed, ensureIndexed, listIndexedFiles, searchIndexedFiles } from './snapshot-index';

export interface RepoScope {
  /** The app's data folder: repository settings and the database staging live there. */
  dataDir: string;
  libraryPath: string;
  /** Where BACKBEAT_RESTIC and PATH are read from. */
  env: NodeJS.ProcessEnv;
  /** Asked only when restic is about to run. */
  password: () => Promise<RepoPassword>;
  /** A repository given for this call (--repo); else the library's saved one. */
  repo?: string;
  /** The desktop app's secret store: destinations' kept passwords and credentials. */
  secrets?: SecretStore;
}

/** The default repository: a folder beside the library (the app suggests another disk). */
export function defaultRepoPath(libraryPath: string): string {
  return path.join(path.dirname(path.resolve(libraryPath)), 'backbeat-repository');
}

/** A local path is made absolute; a restic location (sftp:, s3:, rest:, rclone:...) is kept. */
export function normalizeRepo(repo: string): string {
  return /^[a-z0-9]+:/i.test(repo) && !/^[a-z]:[\\/]/i.test(repo) ? repo : path.resolve(repo);
}

function effectiveFolders(
  scope: RepoScope,
  config: LibraryRepoConfig,
): { folders: AudioFolder[]; proposed: boolean } {
  if (config.folders !== null) return { folders: config.folders, proposed: false };
  return {
    folders: proposeFoldersForLibrary(scope.libraryPath).map((p) => ({ path: p, excludes: [] })),
    proposed: true,
  };
}

function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export function repositoryView(scope: RepoScope): RepositoryView {
  const config = readLibraryRepoConfig(scope.dataDir, scope.libraryPath);
  const { folders, proposed } = effectiveFolders(scope, config);
  return {
    libraryPath: path.resolve(scope.libraryPath),
    repo: scope.repo ? normalizeRepo(scope.repo) : config.repo,
    folders: folders.map((f) => ({ path: f.path, excludes: [...f.excludes], present: isDir(f.path) })),
    foldersProposed: proposed,
  };
}

/**
 * The scope's repository (given, else the library's), or a not-found ContractError:
 * "This library has no repository yet" and then `how`, what the caller's user can do.
 */
export function scopeRepoOrExplain(scope: RepoScope, how: string): string {
  const repo = scope.repo
    ? normalizeRepo(scope.repo)
    : readLibraryRepoConfig(scope.dataDir, scope.libraryPath).repo;
  if (!repo) throw new ContractError('not-found', `This library has no repository yet${how}`);
  return repo;
}

/** The scope's repository, or the error that says how to create one. */
function repoOf(scope: RepoScope): string {
  return scopeRepoOrExplain(
    scope,
    '. Create one with "backbeat repo init --repo PATH" (on another disk than the library).',
  );
}

async function access(scope: RepoScope): Promise<RepoAccess> {
  const repo = repoOf(scope);
  const restic = await findRestic(scope.env);
  return { restic, repo, password: await scope.password() };
}

/** The library's snapshots through restic; the cached list (snapshot-known.ts) is refreshed with them. */
async function librarySnapshots(
  scope: RepoScope,
  a: RepoAccess,
  signal?: AbortSignal,
): Promise<RepoSnapshotEntry[]> {
  const key = libraryKey(scope.libraryPath);
  const list = await listLibrarySnapshots(a, key, signal);
  await rememberSnapshots(scope.dataDir, a.repo, key, list);
  return list;
}

/**
 * The snapshot `ref` names, and restic's access when it took restic to find it: a full id
 * that is already indexed is answered from the cache (no restic, no password asked).
 */
async function indexedSnapshot(
  scope: RepoScope,
  ref: string,
): Promise<{ snapshot: RepoSnapshotEntry; a: RepoAccess | null }> {
  const known = knownIndexedSnapshot(scope.dataDir, repoOf(scope), libraryKey(scope.libraryPath), ref);
  if (known) return { snapshot: known, a: null };
  const a = await access(scope);
  const snapshot = resolveSnapshotRef(await librarySnapshots(scope, a), ref);
  await ensureIndexed(scope.dataDir, a, snapshot.id);
  return { snapshot, a };
}

/**
 * Creates the repository (compression on: repository format 2) and remembers it for
 * the library. An existing repository is adopted when the password opens it.
 */
export async function initRepository(scope: RepoScope, signal?: AbortSignal): Promise<RepoInitResult> {
  const repo = normalizeRepo(
    scope.repo ??
      readLibraryRepoConfig(scope.dataDir, scope.libraryPath).repo ??
      defaultRepoPath(scope.libraryPath),
  );
  const restic = await findRestic(scope.env);
  const a: RepoAccess = { restic, repo, password: await scope.password() };
  const opts = signal ? { signal } : {};
  return withLibraryAndRepositoryLocks(scope.libraryPath, 'creating a repository', async () => {
    const existing = path.isAbsolute(repo) && fs.existsSync(path.join(repo, 'config'));
    let result: RepoInitResult;
    if (existing) {
      // Proves the password opens it; a wrong one is an error and nothing is saved.
      await runResticSerialized(a, ['cat', 'config'], { ...opts, collect: true });
      result = { repo, id: '', created: false };
    } else {
      const res = await runResticSerialized(a, ['init', '--repository-version', '2'], {
        ...opts,
        collect: true,
      });
      const init = res.messages.map((m) => initializedSchema.safeParse(m)).find((p) => p.success);
      result = { repo, id: init?.data?.id ?? '', created: true };
    }
    await updateLibraryRepoConfig(scope.dataDir, scope.libraryPath, (c) => ({ ...c, repo }));
    return result;
  });
}

/** Adds a folder (or replaces its excludes); the proposed list becomes the user's list. */
export async function addFolder(
  scope: RepoScope,
  dir: string,
  excludes: readonly string[],
): Promise<RepositoryView> {
  const folder = normalizeFolder(dir);
  if (!isDir(folder)) throw new ContractError('not-found', `${folder} is not a folder.`);
  const patterns = excludes.map(checkExcludePattern);
  const config = readLibraryRepoConfig(scope.dataDir, scope.libraryPath);
  const { folders } = effectiveFolders(scope, config);
  const inside = folders.find((f) => f.path !== folder && folder.startsWith(`${f.path}${path.sep}`));
  if (inside) {
    throw new ContractError(
      'bad-arguments',
      `${folder} is already inside ${inside.path}, which snapshots hold.`,
    );
  }
  const next = folders.filter((f) => f.path !== folder && !f.path.startsWith(`${folder}${path.sep}`));
  next.push({ path: folder, excludes: patterns });
  next.sort((a, b) => a.path.localeCompare(b.path));
  await updateLibraryRepoConfig(scope.dataDir, scope.libraryPath, (c) => ({ ...c, folders: next }));
  return repositoryView(scope);
}

export async function removeFolder(scope: RepoScope, dir: string): Promise<RepositoryView> {
  const folder = normalizeFolder(dir);
  const config = readLibraryRepoConfig(scope.dataDir, scope.libraryPath);
  const { folders } = effectiveFolders(scope, config);
  if (!folders.some((f) => f.path === folder)) {
    throw new ContractError('not-found', `${folder} is not one of the audio folders.`);
  }
  const next = folders.filter((f) => f.path !== folder);
  await updateLibraryRepoConfig(scope.dataDir, scope.libraryPath, (c) => ({ ...c, folders: next }));
  return repositoryView(scope);
}

export async function snapshotOperation(
  scope: RepoScope,
  o: { name?: string; trigger: SnapshotTrigger; ctx: JobContext },
): Promise<SnapshotResult> {
  const a = await access(scope);
  const key = libraryKey(scope.libraryPath);
  return withLibraryAndRepositoryLocks(scope.libraryPath, 'a snapshot', async () => {
    const listBefore = async (): Promise<LibrarySnapshotRecord[]> => {
      // Unchanged repository: the listing restic gave last time (snapshot-listing-cache.ts).
      const records = await cachedSnapshotRecords(scope.dataDir, a, key, () =>
        listLibrarySnapshotRecords(a, key, o.ctx.signal),
      );
      const taken = o.name === undefined ? undefined : records.find((r) => r.entry.name === o.name);
      if (taken) {
        throw new ContractError(
          'bad-arguments',
          `A snapshot called "${o.name}" already exists (${taken.entry.shortId}).`,
        );
      }
      return records;
    };
    const { folders } = effectiveFolders(scope, readLibraryRepoConfig(scope.dataDir, scope.libraryPath));
    return takeSnapshot({
      access: a,
      libraryPath: path.resolve(scope.libraryPath),
      libraryKey: key,
      folders,
      stagingDir: stagingDir(scope.dataDir, key),
      name: o.name ?? null,
      trigger: o.trigger,
      listBefore,
      rememberCreated: (record) => rememberCreatedSnapshot(scope.dataDir, a, key, record),
      ctx: o.ctx,
    });
  });
}

export async function listSnapshotsOperation(
  scope: RepoScope,
  signal?: AbortSignal,
): Promise<RepoSnapshotEntry[]> {
  const a = await access(scope);
  return librarySnapshots(scope, a, signal);
}

export async function findSnapshotOperation(scope: RepoScope, ref: string): Promise<RepoSnapshotEntry> {
  return resolveSnapshotRef(await listSnapshotsOperation(scope), ref);
}

/** One folder of a snapshot (default: its root), from Backbeat's index (filled once per snapshot). */
export async function filesOperation(
  scope: RepoScope,
  ref: string,
  dir?: string,
): Promise<SnapshotFilesResult> {
  const { snapshot } = await indexedSnapshot(scope, ref);
  return { snapshot, path: dir ?? '/', entries: listIndexedFiles(scope.dataDir, snapshot.id, dir) };
}

/** Paths of a snapshot that contain `query` (case-insensitive), from the same index. */
export async function searchFilesOperation(
  scope: RepoScope,
  ref: string,
  query: string,
  limit: number,
): Promise<{ entries: SnapshotFile[]; truncated: boolean }> {
  const { snapshot } = await indexedSnapshot(scope, ref);
  return searchIndexedFiles(scope.dataDir, snapshot.id, query, limit);
}

/** Files added, removed and changed from snapshot `from` to snapshot `to`, with sizes. */
export async function diffOperation(
  scope: RepoScope,
  fromRef: string,
  toRef: string,
): Promise<SnapshotDiffResult> {
  const key = libraryKey(scope.libraryPath);
  const repo = repoOf(scope);
  const knownFrom = knownIndexedSnapshot(scope.dataDir, repo, key, fromRef);
  const knownTo = knownIndexedSnapshot(scope.dataDir, repo, key, toRef);
  if (knownFrom && knownTo) {
    return { from: knownFrom, to: knownTo, ...diffIndexed(scope.dataDir, knownFrom.id, knownTo.id) };
  }
  const a = await access(scope);
  const list = await librarySnapshots(scope, a);
  const from = resolveSnapshotRef(list, fromRef);
  const to = resolveSnapshotRef(list, toRef);
  await ensureIndexed(scope.dataDir, a, from.id);
  await ensureIndexed(scope.dataDir, a, to.id);
  return { from, to, ...diffIndexed(scope.dataDir, from.id, to.id) };
}

/** The repository, restic and password for the scope's library (for the tools in other files). */
export { access as repoAccess };
