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
