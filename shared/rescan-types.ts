// The rescan's shapes as the renderer and the CLI see them (the engine's own types
// in electron/engine/rescan/types.ts match these).
import { z } from 'zod';

export type RescanMode = 'safe' | 'force';

/** Exactly this, typed by the user, allows a force rescan. Not "yes", not " YES ". */
export const FORCE_RESCAN_CONFIRMATION = 'YES';

export interface RescanPlanView {
  variant: 'A' | 'B';
  mode: RescanMode;
  totalTracks: number;
  toAnalyse: number;
  wouldOverwrite: number;
  wouldOverwriteBeat3tower: number;
  alreadyAnalysed: number;
  previouslyFailed: number;
  /** Worker threads used when none is asked for: cores - 1, at least 1. */
  defaultWorkers: number;
  /** Whether the selected tracks' audio files are there (a drive may be unplugged). */
  audio: RescanAudioCheck;
  /** Why this rescan cannot start (none of its audio files was found); null when it can. */
  blocked: string | null;
}

/** The selected tracks' audio files, looked for before a rescan starts. */
export interface RescanAudioCheck {
  /** Tracks looked at: every selected track. */
  checked: number;
  /** Tracks whose file does not exist (or that have no file path). */
  missing: number;
  /** The first missing file's path as stored, null when none is missing or none has a path. */
  firstMissing: string | null;
}

export interface RescanFailureView {
  trackId: string;
  /** The track's artist and title, so a report names tracks the way people know them. */
  artist: string | null;
  title: string | null;
  filePath: string | null;
  reason: string;
}

/** How a report names a failed track: "Artist - Title", else the title, the file path, the track id. */
export function failureName(f: Pick<RescanFailureView, 'trackId' | 'artist' | 'title' | 'filePath'>): string {
  if (f.artist && f.title) return `${f.artist} - ${f.title}`;
  return f.title ?? f.filePath ?? f.trackId;
}

/** The result of a finished rescan job. */
export interface RescanSummaryView {
  mode: RescanMode;
  variant: 'A' | 'B';
  selected: number;
  analysed: number;
  failed: RescanFailureView[];
  failedCount: number;
  skipped: number;
  cancelled: boolean;
  backupId: string | null;
  workers: number;
  seconds: number;
  tracksPerSecond: number;
  busyRetries: number;
}

const modeSchema = z.enum(['safe', 'force']);

export const rescanPlanArgsSchema = z
  .object({
    mode: modeSchema,
    retryFailed: z.boolean().optional(),
    limit: z.number().int().min(1).max(10_000_000).optional(),
  })
  .strict();

export const startRescanArgsSchema = z
  .object({
    mode: modeSchema,
    /** Required, and exactly "YES", for force mode; checked again by the engine. */
    confirm: z.string().max(64).optional(),
    retryFailed: z.boolean().optional(),
    limit: z.number().int().min(1).max(10_000_000).optional(),
    workers: z.number().int().min(1).max(64).optional(),
  })
  .strict();
