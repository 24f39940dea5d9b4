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
}

export interface RescanFailureView {
  trackId: string;
  filePath: string | null;
  reason: string;
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
