// Browsing and comparing snapshots from the app, and whether the repository can be
// used at all (restic found, a password given): argument schemas and result types.
import { z } from 'zod';
import type { SnapshotFile } from './repository-types';

/** An id, a unique id prefix, a name or `latest`. */
const snapshotRefSchema = z.string().min(1, 'Choose a snapshot.').max(128);
const snapshotPathSchema = z.string().min(1).max(4096);

export const listSnapshotFilesArgsSchema = z
  .object({ snapshot: snapshotRefSchema, path: snapshotPathSchema.optional() })
  .strict();

export const searchSnapshotFilesArgsSchema = z
  .object({
    snapshot: snapshotRefSchema,
    /** Case-insensitive substring of the full path. */
    query: z.string().min(1, 'Type something to search for.').max(200),
    limit: z.number().int().min(1).max(5000).optional(),
  })
  .strict();

export const diffSnapshotsArgsSchema = z.object({ from: snapshotRefSchema, to: snapshotRefSchema }).strict();

export interface SnapshotSearchResult {
  /** Files and folders whose path contains the query, by path. */
  entries: SnapshotFile[];
  /** True when more matched than `limit`; the list is then cut there. */
  truncated: boolean;
}

/** Whether snapshots can run here, each part with a sentence saying what to do when not. */
export interface RepositoryReadiness {
  restic: { ok: true; version: string; path: string } | { ok: false; problem: string };
  /** `wrong` when the password Backbeat has does not open the repository (restic said so). */
  password: { ok: true } | { ok: false; problem: string; wrong?: boolean };
  /**
   * What the app can take to set the password: a typed one (kept encrypted by the system
   * keychain), only the path of a private password file (no keychain, or browser mode),
   * or nothing (BACKBEAT_REPO_PASSWORD_FILE is set and always wins).
   */
  passwordInput: 'password' | 'password-file' | 'none';
}
