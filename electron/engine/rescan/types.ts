// The rescan job's options and results.
import type { JobContext } from '../progress';

export type RescanMode = 'safe' | 'force';

export interface PlanOptions {
  libraryPath: string;
  /** Backbeat's own state folder; variant A failures are remembered there, never in the library. */
  stateDir: string;
  mode: RescanMode;
  /** Safe mode: also retry tracks whose analysis failed before. */
  retryFailed?: boolean;
  /** Analyse at most this many tracks (in table order). */
  limit?: number;
}

export interface RescanPlan {
  variant: 'A' | 'B';
  mode: RescanMode;
  totalTracks: number;
  /** Tracks the scan would analyse. */
  toAnalyse: number;
  /** Of those, tracks that have features now (force mode only): what would be overwritten. */
  wouldOverwrite: number;
  wouldOverwriteBeat3tower: number;
  /** Left alone because they have features (safe mode). */
  alreadyAnalysed: number;
  /** Left alone because their analysis failed before and retryFailed is off. */
  previouslyFailed: number;
}

export interface RescanOptions extends PlanOptions {
  backupDir: string;
  /** Force mode runs only when this is exactly `YES`. */
  confirm?: string;
  /** Worker threads; default: cores - 1, at least 1. */
  workers?: number;
  appVersion: string;
  ctx: JobContext;
  /** Tracks per write transaction; 50 like the generator. */
  batchSize?: number;
  /**
   * Called after each batch is committed, with the tracks analysed so far; the next
   * batch waits for it, so a progress backup made here sees a settled database.
   */
  onBatchCommitted?: (analysedSoFar: number) => Promise<void> | void;
}

export interface RescanFailure {
  trackId: string;
  filePath: string | null;
  reason: string;
}

export interface RescanSummary {
  mode: RescanMode;
  variant: 'A' | 'B';
  /** Tracks selected for analysis. */
  selected: number;
  analysed: number;
  /** Failed tracks (the first MAX_LISTED_FAILURES of them); `failedCount` has the total. */
  failed: RescanFailure[];
  failedCount: number;
  /** Tracks not analysed: not selected, not reached before a cancel, or changed by someone else meanwhile. */
  skipped: number;
  cancelled: boolean;
  /** The auto_before_force backup, in force mode. */
  backupId: string | null;
  workers: number;
  seconds: number;
  tracksPerSecond: number;
  /** How often a batch write found the database locked by another writer and waited. */
  busyRetries: number;
}

export const MAX_LISTED_FAILURES = 1000;
