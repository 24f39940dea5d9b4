// The repository's tools beyond snapshots: check, restore of files, cross-check of the
// library against its audio, export. Argument schemas and result types shared by the
// engine, the CLI and the app.
import { z } from 'zod';
import type { RepoSnapshotEntry } from './repository-types';

// ---- check -----------------------------------------------------------------------

export interface RepoCheckResult {
  /** ok: restic found no error; errors: it found some (listed in `errors`). */
  outcome: 'ok' | 'errors';
  /** One sentence for people: what was checked and what was found. */
  message: string;
  /** restic's findings, one line each (empty when ok). */
  errors: string[];
  /** Pack files restic reported as damaged. */
  brokenPacks: string[];
  /** The share of the data read back and verified (0 when only the structure was checked). */
  readDataPercent: number;
  /** True when a lock left by a killed restic was removed (restic unlock) before checking. */
  staleLockCleared: boolean;
  repo: string;
  checkedAt: string;
}

export const readDataPercentSchema = z
  .number()
  .gt(0, 'The share of data to read must be more than 0 percent.')
  .max(100, 'The share of data to read can be at most 100 percent.');

export const startRepoCheckArgsSchema = z
  .object({ readDataPercent: readDataPercentSchema.optional() })
  .strict();

// ---- restore of files --------------------------------------------------------------

export type RestoreFileAction = 'new' | 'overwrite' | 'identical';

export interface RestoreFilePlanEntry {
  /** The file's path in the snapshot. */
  path: string;
  /** Where it would be written. */
  destination: string;
  action: RestoreFileAction;
  size: number | null;
  /** The library track it belongs to, when asked for by track. */
  trackId: string | null;
  /**
   * Only when a name in `path` is not UTF-8 (restic lists its bytes as U+FFFD): `path` and
   * `destination` with those bytes shown as \xFF, as SnapshotFile's `display`. For showing
   * only; the restore itself works from `path`, matched byte by byte.
   */
  display?: string;
  destinationDisplay?: string;
}

export interface RestoreFilesPlan {
  snapshot: RepoSnapshotEntry;
  /** The folder files are restored below (keeping their paths), or null for their original place. */
  to: string | null;
  files: RestoreFilePlanEntry[];
  counts: Record<RestoreFileAction, number>;
  /** Bytes that would be written (new and overwritten files). */
  bytesToWrite: number;
}

export interface RestoreFilesResult extends RestoreFilesPlan {
  applied: true;
  /**
   * Each overwritten file's previous content, moved aside first: where it is now. For a
   * name that is not UTF-8, `path` and `movedTo` hold U+FFFD as restic lists it, and
   * `display` and `movedToDisplay` show its bytes as \xFF (for showing only).
   */
  movedAside: { path: string; movedTo: string; display?: string; movedToDisplay?: string }[];
  written: number;
}

const refSchema = z.string().min(1, 'A snapshot is required.').max(256);
const pathsSchema = z.array(z.string().min(1).max(4096)).max(100_000);

export const restoreFilesArgsSchema = z
  .object({
    snapshot: refSchema,
    /** Paths in the snapshot (files or folders). */
    paths: pathsSchema.optional(),
    /** Library track ids or file paths. */
    tracks: pathsSchema.optional(),
    /** An existing folder to restore below, keeping paths; default: the original place. */
    to: z.string().min(1).max(4096).optional(),
  })
  .strict()
  .refine(
    (a) => (a.paths?.length ?? 0) > 0 !== (a.tracks?.length ?? 0) > 0,
    'Give either paths or tracks to restore, not both and not neither.',
  );

// ---- cross-check --------------------------------------------------------------------

/** The app's cross-check is kept between asks; `fresh` looks again anyway ("Check again"). */
export const crosscheckArgsSchema = z.object({ fresh: z.boolean().optional() }).strict();

export interface CrosscheckTrackIssue {
  path: string;
  trackId: string;
}

export interface CrosscheckResult {
  /** Tracks whose file is gone, each with the newest snapshot that holds it (or null). */
  missing: (CrosscheckTrackIssue & { snapshot: RepoSnapshotEntry | null })[];
  /** Tracks whose file is there but cannot be read. */
  unreadable: (CrosscheckTrackIssue & { reason: string })[];
  /** Tracks whose file differs (size or modification time) from the newest snapshot's copy. */
  changed: (CrosscheckTrackIssue & {
    size: number;
    sizeInSnapshot: number | null;
    mtime: string;
    mtimeInSnapshot: string | null;
  })[];
  /** Audio files in the audio folders that no track refers to. */
  unreferenced: { path: string; size: number }[];
  /** The snapshot `changed` compares with; null when there is none (or no repository). */
  newestSnapshot: RepoSnapshotEntry | null;
  tracks: number;
  audioFilesSeen: number;
}

// ---- export -------------------------------------------------------------------------

export interface ExportResult {
  snapshot: RepoSnapshotEntry;
  /** The folder (or file) of the snapshot that was exported; "/" for all of it. */
  path: string;
  file: string;
  format: 'tar.gz' | 'zip';
  bytes: number;
  sha256: string;
  sha256File: string;
}

/** Export of a snapshot (or one folder of it) to FILE, as a job; FILE's ending chooses the format. */
export const startExportArgsSchema = z
  .object({
    snapshot: refSchema,
    /** A folder of the snapshot; default: all of it. */
    path: z.string().min(1).max(4096).optional(),
    out: z
      .string()
      .min(1, 'Type the file to write the archive to.')
      .max(4096)
      .refine((s) => /\.(tar\.gz|tgz|zip)$/i.test(s), 'The archive file must end in .tar.gz, .tgz or .zip.'),
  })
  .strict();
