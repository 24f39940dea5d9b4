// Domain types shared by the engine, both transports, the CLI and the renderer.
// This folder imports nothing of ours; it is the one vocabulary every layer speaks.
import type { KindCounts, RestoreKind } from './restore-kinds';

/** Which `tracks` layout a library uses (see ../shared/reference/library-format.md). */
export type LibraryVariant = 'A' | 'B' | 'none';

export type BackupTrigger = 'manual' | 'auto_before_force' | 'auto_before_restore' | 'scheduled';

export const BACKUP_TRIGGERS: readonly BackupTrigger[] = [
  'manual',
  'auto_before_force',
  'auto_before_restore',
  'scheduled',
];

/** Track counts by analysis state. All zero (and `variant: 'none'`) when there is no tracks table. */
export interface TrackStats {
  tracks: number;
  analyzed: number;
  pending: number;
  failed: number;
  beat3tower: number;
  legacy: number;
}

export interface LibraryStats extends TrackStats {
  libraryPath: string;
  variant: LibraryVariant;
  /** Main database file plus its -wal file, in bytes. */
  databaseBytes: number;
}

/** What is written beside each `<id>.db.gz` as `<id>.json`. */
export interface BackupMeta {
  formatVersion: number;
  id: string;
  name: string | null;
  createdAt: string;
  trigger: BackupTrigger;
  library: {
    path: string;
    variant: LibraryVariant;
    /** sha256 of the normalised `sqlite_master` schema text. */
    schemaFingerprint: string;
  };
  stats: TrackStats;
  sizes: {
    databaseBytes: number;
    compressedBytes: number;
  };
  /** sha256 of the `.db.gz` file as written, hex. */
  sha256: string;
  appVersion: string;
  pinned: boolean;
  /** Set by verify; null until a backup has been verified. */
  lastVerified: { at: string; ok: boolean; problems: string[] } | null;
  /**
   * Set on the backups a rescan makes every N analysed tracks, so retention can thin
   * them per tier. Absent on every other backup (and in metadata from older versions).
   */
  tier?: 'frequent' | 'moderate' | 'milestone';
  /**
   * How the `.db.gz` splits into gzip members: every member but the last inflates to
   * exactly `chunkBytes`. Lets restore and verify unpack members in parallel. Absent in
   * metadata from older versions, which unpack as one sequential stream.
   */
  gzipMembers?: { chunkBytes: number; compressedSizes: number[] };
}

/** How a listed backup's metadata was found. Only `ok` entries carry full metadata. */
export type BackupEntryStatus = 'ok' | 'missing-metadata' | 'unreadable-metadata' | 'newer-format';

export interface BackupListEntry {
  id: string;
  status: BackupEntryStatus;
  /** Human explanation when status is not `ok`. */
  problem: string | null;
  name: string | null;
  createdAt: string | null;
  trigger: BackupTrigger | null;
  trackCount: number | null;
  beat3tower: number | null;
  sizeBytes: number | null;
  sha256: string | null;
  pinned: boolean;
  verified: boolean | null;
  meta: BackupMeta | null;
}

export interface VerifyResult {
  id: string;
  ok: boolean;
  problems: string[];
  checkedAt: string;
}

export type ChangeKind = 'restore' | 'unchanged' | 'not-in-library' | 'library-only';

/** One track that a restore would change, as shown in the preview list. */
export interface TrackChange {
  trackId: string;
  /** The live library's track_id when the match was made by file_path. */
  libraryTrackId: string;
  matchedBy: 'track_id' | 'file_path';
  artist: string | null;
  title: string | null;
  filePath: string | null;
  formatBefore: FeatureFormat;
  formatAfter: FeatureFormat;
  bpmBefore: number | null;
  bpmAfter: number | null;
  keyStrengthBefore: number | null;
  keyStrengthAfter: number | null;
  analyzedAtBefore: string | null;
  analyzedAtAfter: string | null;
  /** What writing the backup's analysis would do to this track (see restore-kinds.ts). */
  kind: RestoreKind;
  /** The library's analysis of this track is newer than the backup. */
  analysedSinceBackup: boolean;
}

export type FeatureFormat = 'beat3tower' | 'legacy' | 'none';

export interface FormatCounts {
  beat3tower: number;
  legacy: number;
  none: number;
}

export interface RestorePreviewSummary {
  previewId: string;
  backupId: string;
  /** False when either side has no recognised tracks table: only replace applies. */
  featureAware: boolean;
  reason: string | null;
  /** How many tracks the chosen kinds (`include`) would write. */
  toRestore: number;
  /** The kinds `toRestore` and `formatsAfter` count; default fills and replaces. */
  include: RestoreKind[];
  /** Matched tracks whose analysis differs, by kind (whether chosen or not). */
  fills: number;
  replaces: number;
  downgrades: number;
  erases: number;
  /** Of each kind, how many tracks the library analysed after the backup was made. */
  analysedSinceBackup: KindCounts;
  /** How writing every track of a kind moves the library's format counts. */
  kindFormatDeltas: Record<RestoreKind, FormatCounts>;
  /**
   * A sentence when the backup looks like another library's (its path or schema
   * differs) and few of its tracks match; null otherwise.
   */
  otherLibrary: string | null;
  /** Set when this previews undoing a restore (only the tracks that restore wrote). */
  undo: UndoScope | null;
  unchanged: number;
  notInLibrary: number;
  libraryOnly: number;
  matchedByPath: number;
  formatsBefore: FormatCounts;
  formatsAfter: FormatCounts;
}

export interface RestorePreviewPage {
  previewId: string;
  total: number;
  offset: number;
  items: TrackChange[];
}

/** Tracks in the backup that match nothing in the library, reported by restore. */
export interface UnmatchedTrack {
  trackId: string;
  artist: string | null;
  title: string | null;
  filePath: string | null;
}

export type RestoreMode = 'additive' | 'replace';

/** What an undo covers: the tracks a restore wrote, as recorded beside its safety backup. */
export interface UndoScope {
  /** The backup the undone restore wrote from. */
  restoredFrom: string;
  /** Tracks that restore wrote. */
  recorded: number;
  /** Of those, tracks whose analysis changed again since; an undo leaves them as they are. */
  changedSince: number;
}

export interface RestoreResult {
  backupId: string;
  mode: RestoreMode;
  safetyBackupId: string;
  restored: number;
  /** Replace mode: where the previous live database was saved. */
  savedLivePath: string | null;
  /** Additive mode: the kinds that were chosen, and what was written of each. */
  include: RestoreKind[];
  written: KindCounts;
  /** Additive mode: tracks left as they are because their kind was not chosen. */
  keptByKind: KindCounts;
  /** True when the tracks written were recorded, so `undo` from the safety backup can put them back. */
  undoable: boolean;
  /** Set when this restore was itself an undo. */
  undo: UndoScope | null;
}

export interface CleanupResult {
  dryRun: boolean;
  removed: BackupListEntry[];
  kept: BackupListEntry[];
  /** Deletions that failed; those backups are still there (and listed in `kept`). */
  failures?: { id: string; error: string }[];
  /** Bytes of the removed backups' files (what a dry run would free). */
  freedBytes?: number;
}

// ---- Jobs -------------------------------------------------------------------

export type JobKind =
  | 'backup'
  | 'verify'
  | 'restore-preview'
  | 'restore'
  | 'demo'
  | 'rescan'
  | 'cleanup'
  | 'snapshot'
  | 'repo-check'
  | 'restore-files'
  | 'export'
  | 'copy'
  | 'recover'
  | 'dest-prune';
/**
 * `partial`: the job ran to its end but only some of its items came out right (a
 * rescan in which some tracks failed); its `tally` says how many. A job in which none
 * did is `failed`, with its result still attached.
 */
export type JobState = 'running' | 'succeeded' | 'partial' | 'failed' | 'cancelled';

/** How many of a job's items came out right, for jobs whose items can fail one by one. */
export interface JobTally {
  done: number;
  total: number;
  /** What `done` counts, as a past participle: "analysed", "verified", "removed". */
  verb: string;
}

export interface JobProgress {
  /** Short machine name of the current phase, e.g. `snapshot`, `compress`, `checksum`. */
  phase: string;
  /** Human words for the phase, e.g. "Compressing database". */
  label: string;
  /** 0..1 over the whole job. */
  fraction: number;
  bytesDone: number | null;
  bytesTotal: number | null;
  /** Estimated seconds left, null while unknown. */
  etaSeconds: number | null;
  /** For jobs that work through countable items (a rescan's tracks); null for the others. */
  items?: JobItemsProgress | null;
}

/** Progress counted in items, so a screen need not read numbers out of the label. */
export interface JobItemsProgress {
  done: number;
  total: number;
  /** Items finished per second so far; null until there is a rate to show. */
  perSecond: number | null;
  /** What is being worked on now (a file path), null between items. */
  current: string | null;
}

export interface JobInfo {
  id: string;
  kind: JobKind;
  title: string;
  state: JobState;
  startedAt: string;
  finishedAt: string | null;
  progress: JobProgress;
  /** A sentence that says what happened and what to do. */
  error: string | null;
  /**
   * Kind-specific result once it ran to its end (BackupMeta, VerifyResult, RestorePreviewSummary,
   * RestoreResult, RescanSummaryView, CleanupResult...): set when succeeded or partial, and when
   * failed because none of its items came out right.
   */
  result: unknown;
  /** Items done of items tried, for jobs judged item by item; null for the others. */
  tally?: JobTally | null;
}

// ---- App ----------------------------------------------------------------------

export interface AppSettings {
  libraryPath: string | null;
  /** Null means the default: a `backbeat-backups` folder beside the library. */
  backupDir: string | null;
}

export interface AppInfo {
  version: string;
  mode: 'electron' | 'browser';
  dataDir: string;
  /** Whether `chooseLibraryFile`/`chooseBackupDir` open native dialogs (Electron) or return null. */
  nativeDialogs: boolean;
}

export interface LibraryOverview {
  settings: AppSettings;
  /** Null when no library is chosen yet (first run). */
  stats: LibraryStats | null;
  /** A sentence when the library cannot be opened. */
  libraryError: string | null;
  backupDir: string | null;
  backupDirFreeBytes: number | null;
  /** True when the backup folder is on the same disk as the library. */
  backupDirSameDisk: boolean;
  newestBackup: BackupListEntry | null;
  backupCount: number;
  /** How the backup routine is doing; absent when no library is chosen. */
  health?: OverviewHealth;
}

/** E.g. "Newest backup: 3 hours ago", with a warning when backups look stopped. */
export interface OverviewHealth {
  text: string;
  /** Set when the newest backup is older than the schedule allows (or there is none). */
  warning: string | null;
  /** The last scheduled run failed and no newer backup exists since. */
  lastRunFailed: { at: string; error: string } | null;
}
