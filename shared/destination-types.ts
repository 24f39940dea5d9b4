// Off-machine copies of the repository (destinations): what `dest`, `copy` and
// `recover` return. No field ever holds a secret.
import { z } from 'zod';
import type { RepoSnapshotEntry } from './repository-types';

// ---- the contract's arguments (checked again, in depth, by the engine) ----------------

const nameSchema = z.string().min(1).max(40);
/** Paths of private files, never their content: no secret crosses the contract. */
const filePathSchema = z.string().min(1).max(4096);

export const addDestinationArgsSchema = z
  .object({
    name: nameSchema,
    location: z.string().min(1).max(4096),
    /** restic extended options (name.key=value); refused when they look like secrets. */
    options: z.array(z.string().min(1).max(4096)).max(32).optional(),
    credentialsFile: filePathSchema.optional(),
  })
  .strict();
export const destinationNameArgsSchema = z.object({ name: nameSchema }).strict();
export const startCopyArgsSchema = z.object({ to: nameSchema.optional() }).strict();
export const startDestinationCheckArgsSchema = z
  .object({
    name: nameSchema,
    /** Share of the data to read back (restic --read-data-subset); none: the structure only. */
    readDataPercent: z.number().gt(0).max(100).optional(),
  })
  .strict();
/** The longest own copy interval: 30 days, as for backup schedules. */
export const MAX_COPY_EVERY_HOURS = 24 * 30;
export const setDestinationScheduleArgsSchema = z
  .object({
    name: nameSchema,
    /** Every this many hours; null switches the destination's own schedule off. */
    everyHours: z
      .number()
      .int('Copy every whole number of hours.')
      .min(1, 'Copy at most once an hour.')
      .max(MAX_COPY_EVERY_HOURS, `Copy at least every ${MAX_COPY_EVERY_HOURS} hours (30 days).`)
      .nullable(),
  })
  .strict();
export const startDestinationPruneArgsSchema = z
  .object({
    name: nameSchema,
    /** As `dest prune --policy` takes it, e.g. "keep-last=5,daily=7". */
    policy: z.string().min(1).max(400),
    /** False: restic's dry run only (the preview); nothing changes. */
    apply: z.boolean(),
  })
  .strict();
export const startRecoverArgsSchema = z
  .object({
    /** A saved destination's name, or a location. */
    from: z.string().min(1).max(4096),
    /** An absolute folder, new or empty. */
    to: z.string().min(1).max(4096),
    snapshot: z.string().min(1).max(200).optional(),
    options: z.array(z.string().min(1).max(4096)).max(32).optional(),
    credentialsFile: filePathSchema.optional(),
  })
  .strict();

export type DestinationKind = 'folder' | 'sftp' | 's3' | 'rest' | 'rclone';

export interface DestinationHealth {
  level: 'ok' | 'warning';
  /** A sentence: "Copied 2 hours ago", "Not copied off this machine for 4 days", "Never copied". */
  text: string;
}

export interface DestinationEntry {
  name: string;
  location: string;
  kind: DestinationKind;
  /** ISO time of the last copy that finished; null until one did. */
  lastCopy: string | null;
  health: DestinationHealth;
  /**
   * Bytes its snapshots take there (restic stats --mode raw-data), measured after the
   * last copy or prune that changed it; null until measured.
   */
  size: number | null;
  /** The newest check of the destination's repository; null when never checked. */
  lastCheck: DestinationCheckRecord | null;
  /** Its own copy schedule, every N hours; null: copied only after scheduled snapshots (and by hand). */
  copyEveryHours: number | null;
}

/** A destination check's outcome, as kept for `dest list` and the Destinations screen. */
export interface DestinationCheckRecord {
  outcome: 'ok' | 'errors';
  /** One sentence: what was checked and what was found. */
  message: string;
  /** The share of the data read back (0: the structure only). */
  readDataPercent: number;
  checkedAt: string;
}

/** `check --dest NAME`: restic check of one destination's repository. */
export interface DestinationCheckResult extends DestinationCheckRecord {
  name: string;
  location: string;
  /** restic's findings, one line each (empty when ok). */
  errors: string[];
  /** True when a lock left by a stopped restic was removed first. */
  staleLockCleared: boolean;
}

/** One snapshot in a destination's retention plan. */
export interface DestinationPruneSnapshot {
  id: string;
  time: string;
  /** The rules that keep it (restic's words, e.g. "daily snapshot"); empty when it goes. */
  reasons: string[];
}

/** `dest prune NAME --policy ...`: what restic forget keeps and removes there. */
export interface DestinationPruneResult {
  name: string;
  location: string;
  /** False for the preview (restic forget --dry-run): nothing was changed. */
  applied: boolean;
  /** The policy, canonical (as --policy takes it). */
  policy: string;
  keep: DestinationPruneSnapshot[];
  remove: DestinationPruneSnapshot[];
  /** Bytes its snapshots take there after the prune; before it for the preview; null when unknown. */
  size: number | null;
}

export interface DestinationAddResult {
  destination: DestinationEntry;
  /** False when an existing repository there (opened by the password) was adopted. */
  created: boolean;
}

export interface DestinationTestResult {
  name: string;
  ok: boolean;
  /** "Destination "home" is reachable and its repository opens.", or what is wrong. */
  message: string;
}

export interface CopyOutcome {
  name: string;
  location: string;
  status: 'copied' | 'up-to-date' | 'failed';
  /** Snapshots the destination lacked and now holds. */
  snapshotsCopied: number;
  /** Null when the copy failed. */
  lastCopy: string | null;
  /** The reason, as a sentence, when the copy failed. */
  error: string | null;
  seconds: number;
}

export interface CopyResult {
  destinations: CopyOutcome[];
}

export interface RecoverResult {
  from: string;
  snapshot: RepoSnapshotEntry;
  /** Where the library database was written: DIR/<its original file name>. */
  databasePath: string;
  /** Each audio folder: its original path and where it is now (DIR + that path). */
  folders: { original: string; restoredTo: string }[];
  filesRestored: number;
  bytesRestored: number;
}
