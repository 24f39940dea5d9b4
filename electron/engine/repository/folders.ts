// Audio folders: proposed from the library's own `file_path` values, then confirmed or
// edited by the user, each with gitignore-style exclude patterns.
import fs from 'node:fs';
import path from 'node:path';
import { ContractError } from '../../../shared/errors';
import { openLibrary } from '../library/library';
import type { AudioFolder } from './repo-config';

/** Folders are grouped by this many leading path parts before their common ancestor is taken. */
const ROOT_DEPTH = 2;

function commonAncestor(a: string, b: string): string {
  const pa = a.split(path.sep);
  const pb = b.split(path.sep);
  let i = 0;
  while (i < pa.length && i < pb.length && pa[i] === pb[i]) i++;
  const joined = pa.slice(0, i).join(path.sep);
  return joined === '' ? path.sep : joined;
}

function rootOf(dir: string): string {
  return dir
    .split(path.sep)
    .slice(0, ROOT_DEPTH + 1)
    .join(path.sep);
}

/**
 * The folders that hold a library's tracks: the folders of its absolute `file_path`
 * values, grouped by their first two path parts (e.g. `/home/ana`, `/mnt/music`), each
 * group reduced to its deepest common folder. So `/mnt/music/A/x.mp3` and
 * `/mnt/music/B/y.mp3` propose `/mnt/music`, and a second disk adds its own folder.
 */
export function proposeFolders(filePaths: Iterable<string>): string[] {
  const dirs = new Set<string>();
  for (const p of filePaths) {
    if (!path.isAbsolute(p)) continue;
    dirs.add(path.dirname(path.normalize(p)));
  }
  const groups = new Map<string, string>();
  for (const dir of dirs) {
    const root = rootOf(dir);
    const current = groups.get(root);
    groups.set(root, current === undefined ? dir : commonAncestor(current, dir));
  }
  return [...groups.values()].sort();
}

/** Reads the library's `file_path` values (read-only) and proposes folders from them. */
export function proposeFoldersForLibrary(libraryPath: string): string[] {
  const db = openLibrary(libraryPath, { readonly: true });
  try {
    const hasColumn = db.prepare("SELECT 1 FROM pragma_table_info('tracks') WHERE name = 'file_path'").get();
    if (!hasColumn) return [];
    const rows = db.prepare('SELECT DISTINCT file_path AS p FROM tracks WHERE file_path IS NOT NULL').pluck();
    return proposeFolders(rows.iterate() as Iterable<string>);
  } finally {
    db.close();
  }
}

/** A folder as the user typed it: absolute, normalised, no trailing separator. */
export function normalizeFolder(dir: string): string {
  const resolved = path.resolve(dir);
  return resolved.length > 1 && resolved.endsWith(path.sep) ? resolved.slice(0, -1) : resolved;
}

/** Checks an exclude pattern: gitignore style, one line, not empty. */
export function checkExcludePattern(pattern: string): string {
  const p = pattern.trim();
  if (p === '' || p === '/' || /[\r\n]/.test(pattern)) {
    throw new ContractError('bad-arguments', `"${pattern}" is not an exclude pattern.`);
  }
  if (p.startsWith('!')) {
    throw new ContractError(
      'bad-arguments',
      `Negated patterns ("${pattern}") are not supported; list what to leave out.`,
    );
  }
  return p;
}

/**
 * Translates one folder's gitignore-style pattern into a restic exclude pattern:
 * a pattern with a `/` before its end is anchored at the folder; one without matches at
 * any depth below it; a trailing `/` (directories only) is dropped, as restic matches
 * files and folders alike.
 */
export function resticExclude(folder: string, pattern: string): string {
  let p = pattern.endsWith('/') ? pattern.slice(0, -1) : pattern;
  const anchored = p.includes('/');
  if (p.startsWith('/')) p = p.slice(1);
  const base = folder.split(path.sep).join('/');
  return anchored ? `${base}/${p}` : `${base}/**/${p}`;
}

/** The exclude file's lines for all folders. */
export function excludeFileText(folders: readonly AudioFolder[]): string {
  return folders.flatMap((f) => f.excludes.map((e) => resticExclude(f.path, e))).join('\n') + '\n';
}

/**
 * Refuses a snapshot while a folder is missing or not a folder (a drive unplugged):
 * restic would store the rest, and the snapshot would look as if the files were gone.
 */
export function assertFoldersPresent(folders: readonly AudioFolder[]): void {
  const missing: string[] = [];
  for (const f of folders) {
    try {
      if (!fs.statSync(f.path).isDirectory()) missing.push(`${f.path} (not a folder)`);
    } catch {
      missing.push(f.path);
    }
  }
  if (missing.length) {
    throw new ContractError(
      'not-found',
      `These audio folders are missing: ${missing.join(', ')}. Connect their drive, or remove them with ` +
        '"backbeat folders remove DIR". No snapshot was made.',
    );
  }
}
