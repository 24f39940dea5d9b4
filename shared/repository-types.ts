// The repository of whole-library snapshots (audio folders and database, kept by
// restic): argument schemas and result types shared by the engine, the CLI and the app.
import { z } from 'zod';

export type SnapshotTrigger = 'manual' | 'scheduled';

export interface RepoFolderView {
  path: string;
  /** Gitignore-style patterns, relative to the folder. */
  excludes: string[];
  /** False while the folder is missing (a drive unplugged). */
  present: boolean;
}

export interface RepositoryView {
  libraryPath: string;
  /** The repository's location; null until one is set with init. */
  repo: string | null;
  /** The folders snapshots store. */
  folders: RepoFolderView[];
  /** True while the list is the one proposed from the library's file paths (not yet edited). */
  foldersProposed: boolean;
}

export interface RepoSnapshotEntry {
  id: string;
  shortId: string;
  time: string;
  name: string | null;
  trigger: SnapshotTrigger | null;
  filesNew: number | null;
  filesChanged: number | null;
  dataAdded: number | null;
  totalFiles: number | null;
  totalBytes: number | null;
}

export interface SnapshotResult {
  /** created: a new snapshot; unchanged: nothing changed since the newest one, none was made; partial: made, but some files could not be read. */
  status: 'created' | 'unchanged' | 'partial';
  /** The new snapshot, or for unchanged the newest one (null if there is none). */
  snapshot: RepoSnapshotEntry | null;
  /** Files that could not be read (partial snapshots), with restic's reason. */
  unreadable: { path: string; reason: string }[];
  filesNew: number;
  filesChanged: number;
  filesUnmodified: number;
  dataAdded: number;
  totalFiles: number;
  totalBytes: number;
  database: { path: string; bytes: number; changed: boolean };
}

export interface RepoInitResult {
  repo: string;
  id: string;
  created: boolean;
}

const dirSchema = z.string().min(1, 'A folder is required.').max(4096);
export const snapshotNameSchema = z
  .string()
  .min(1, 'A snapshot name cannot be empty.')
  .max(64, 'A snapshot name can be at most 64 characters.')
  .refine((s) => s.trim() === s, 'A snapshot name cannot start or end with spaces.')
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'A snapshot name cannot contain control characters.')
  .refine((s) => s !== 'latest', '"latest" always means the newest snapshot; choose another name.');

export const initRepositoryArgsSchema = z.object({ repo: dirSchema.optional() }).strict();
export const addRepoFolderArgsSchema = z
  .object({ path: dirSchema, excludes: z.array(z.string().min(1).max(1024)).max(1000).optional() })
  .strict();
export const removeRepoFolderArgsSchema = z.object({ path: dirSchema }).strict();
export const startSnapshotArgsSchema = z.object({ name: snapshotNameSchema.optional() }).strict();

export interface SnapshotFile {
  path: string;
  /** restic's node type: file, dir, symlink, ... */
  type: string;
  size: number | null;
  mtime: string | null;
  /** Only when a name in `path` is not UTF-8 (restic lists its bytes as U+FFFD): the path with those bytes shown as \xFF. */
  display?: string;
}

export interface SnapshotFilesResult {
  snapshot: RepoSnapshotEntry;
  path: string;
  entries: SnapshotFile[];
}

/** `display` as in SnapshotFile: only for names that are not UTF-8. */
export interface SnapshotDiff {
  added: { path: string; size: number | null; display?: string }[];
  removed: { path: string; size: number | null; display?: string }[];
  /** Same path, different size or modification time. */
  changed: { path: string; size: number | null; sizeBefore: number | null; display?: string }[];
}

export interface SnapshotDiffResult extends SnapshotDiff {
  from: RepoSnapshotEntry;
  to: RepoSnapshotEntry;
}
