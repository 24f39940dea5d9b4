// What restoring files from a snapshot would do, file by file: written new, overwriting
// the current file, or left alone because the current file is identical (same size and
// modification time as the snapshot's copy; restic restores the time, so a file restored
// once compares identical afterwards). Reads the snapshot's listing from Backbeat's
// index; nothing is written.
import fs from 'node:fs';
import path from 'node:path';
import { ContractError } from '../../../shared/errors';
import type { RepoSnapshotEntry } from '../../../shared/repository-types';
import type {
  RestoreFileAction,
  RestoreFilePlanEntry,
  RestoreFilesPlan,
} from '../../../shared/repository-tools-types';
import { findTracks } from './library-tracks';
import { displayFormsOf, entryAt, filesBelow, type IndexedEntry } from './snapshot-index-query';
import { findOnDisk } from './lossy-names';

export interface RestoreSelection {
  /** Paths as the snapshot holds them: files or folders. */
  paths?: readonly string[] | undefined;
  /** Library track ids or file paths. */
  tracks?: readonly string[] | undefined;
  /** An existing absolute folder to restore below; default: the original place. */
  to?: string | undefined;
}

/** A path as given (absolute, or relative to the working folder), normalised without a trailing separator. */
function snapshotPath(p: string): string {
  const abs = path.resolve(p);
  return abs.length > 1 && abs.endsWith(path.sep) ? abs.slice(0, -1) : abs;
}

/** Refuses a --to that is relative, missing or not a folder. */
export function checkRestoreTarget(to: string): string {
  if (!path.isAbsolute(to)) {
    throw new ContractError(
      'bad-arguments',
      `The folder to restore into must be an absolute path, not "${to}".`,
    );
  }
  let stat: fs.Stats;
  try {
    stat = fs.statSync(to);
  } catch {
    throw new ContractError(
      'not-found',
      `The folder to restore into, ${to}, does not exist. Create it first.`,
    );
  }
  if (!stat.isDirectory()) throw new ContractError('bad-arguments', `${to} is not a folder.`);
  return path.resolve(to);
}

export function destinationOf(p: string, to: string | null): string {
  return to === null ? p : path.join(to, p);
}

/** True when the file on disk has the snapshot copy's size and modification time (to the millisecond). */
function isIdentical(stat: fs.Stats, e: IndexedEntry): boolean {
  if (e.size === null || e.mtime === null || stat.size !== e.size) return false;
  const t = Date.parse(e.mtime);
  return Number.isFinite(t) && Math.floor(stat.mtimeMs) === t;
}

export function actionFor(destination: string, e: IndexedEntry): RestoreFileAction {
  // A name that is not UTF-8 is looked up by its exact bytes (lossy-names.ts).
  const onDisk = findOnDisk(destination);
  if (onDisk === null) return 'new';
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(onDisk);
  } catch {
    return 'new';
  }
  if (stat.isDirectory()) {
    throw new ContractError(
      'bad-arguments',
      `${destination} is a folder; the file ${e.path} cannot be restored over it.`,
    );
  }
  return stat.isFile() && isIdentical(stat, e) ? 'identical' : 'overwrite';
}

/** Files and symlinks; folders are restored through what they hold, other nodes not at all. */
function isRestorable(e: IndexedEntry): boolean {
  return e.type === 'file' || e.type === 'symlink';
}

function selectEntries(
  dataDir: string,
  libraryPath: string,
  snapshot: RepoSnapshotEntry,
  sel: RestoreSelection,
): { entry: IndexedEntry; trackId: string | null }[] {
  const chosen = new Map<string, { entry: IndexedEntry; trackId: string | null }>();
  const short = snapshot.shortId;
  for (const raw of sel.paths ?? []) {
    const p = snapshotPath(raw);
    const e = entryAt(dataDir, snapshot.id, p);
    if (!e) throw new ContractError('not-found', `${p} is not in snapshot ${short}.`);
    // A symlink is restored as the link it was stored as (restic never follows it).
    const files = e.type === 'dir' ? filesBelow(dataDir, snapshot.id, p) : isRestorable(e) ? [e] : [];
    if (files.length === 0) {
      throw new ContractError('not-found', `${p} holds no files to restore in snapshot ${short}.`);
    }
    for (const f of files) if (!chosen.has(f.path)) chosen.set(f.path, { entry: f, trackId: null });
  }
  for (const t of findTracks(libraryPath, sel.tracks ?? [])) {
    const p = snapshotPath(t.filePath);
    const e = entryAt(dataDir, snapshot.id, p);
    if (!e || e.type !== 'file') {
      throw new ContractError(
        'not-found',
        `The audio of track ${t.trackId} (${p}) is not in snapshot ${short}.`,
      );
    }
    chosen.set(p, { entry: e, trackId: t.trackId });
  }
  return [...chosen.values()].sort((a, b) => a.entry.path.localeCompare(b.entry.path));
}

/** The plan for restoring the selection from an indexed snapshot. */
export function planRestore(
  dataDir: string,
  libraryPath: string,
  snapshot: RepoSnapshotEntry,
  sel: RestoreSelection,
): RestoreFilesPlan & { entries: Map<string, IndexedEntry> } {
  if ((sel.paths?.length ?? 0) === 0 && (sel.tracks?.length ?? 0) === 0) {
    throw new ContractError(
      'bad-arguments',
      'Say what to restore: paths in the snapshot, or library tracks.',
    );
  }
  const to = sel.to === undefined ? null : checkRestoreTarget(sel.to);
  const counts: Record<RestoreFileAction, number> = { new: 0, overwrite: 0, identical: 0 };
  const files: RestoreFilePlanEntry[] = [];
  const entries = new Map<string, IndexedEntry>();
  let bytesToWrite = 0;
  const selected = selectEntries(dataDir, libraryPath, snapshot, sel);
  // Names that are not UTF-8 are shown as the snapshot browser shows them; the paths stay exact.
  const shown = displayFormsOf(
    dataDir,
    snapshot.id,
    selected.map((s) => s.entry.path),
  );
  for (const { entry, trackId } of selected) {
    const destination = destinationOf(entry.path, to);
    const action = actionFor(destination, entry);
    counts[action]++;
    if (action !== 'identical') bytesToWrite += entry.size ?? 0;
    const display = shown.get(entry.path);
    files.push({
      path: entry.path,
      destination,
      action,
      size: entry.size,
      trackId,
      ...(display !== undefined ? { display, destinationDisplay: destinationOf(display, to) } : {}),
    });
    entries.set(entry.path, entry);
  }
  return { snapshot, to, files, counts, bytesToWrite, entries };
}
