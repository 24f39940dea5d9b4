// The rescan job's options and results.
import type { JobContext } from '../runtime/progress';
import type {
  RescanFailureView,
  RescanMode,
  RescanPlanView,
  RescanSummaryView,
} from '../../../shared/rescan-types';

export type { RescanMode };

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

/** What a rescan would touch; the shared view adds the default worker count. */
export type RescanPlan = Omit<RescanPlanView, 'defaultWorkers' | 'audio' | 'blocked'>;

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

export type RescanFailure = RescanFailureView;
export type RescanSummary = RescanSummaryView;

export const MAX_LISTED_FAILURES = 1000;
