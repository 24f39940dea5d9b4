// Which tracks a rescan touches. Safe mode: tracks without features that have not
// failed before (unless retryFailed). Force mode: every track. Read in table order,
// so `limit` picks the same tracks as a plan made a moment earlier.
import { ContractError } from '../../../shared/errors';
import { BEAT3TOWER_SQL } from '../library/features';
import { columnsOf, detectVariant, openLibrary, type Db } from '../library/library';
import { FailureStore } from './failure-store';
import type { PlanOptions, RescanPlan } from './types';

export interface SelectedTrack {
  trackId: string;
  artist: string | null;
  title: string | null;
  filePath: string | null;
  hadFeatures: boolean;
}

export interface Selection {
  plan: RescanPlan;
  tracks: SelectedTrack[];
}

function checkOptions(options: PlanOptions): void {
  if (options.mode !== 'safe' && options.mode !== 'force') {
    throw new ContractError(
      'bad-arguments',
      `Rescan mode must be "safe" or "force", not "${String(options.mode)}".`,
    );
  }
  if (options.limit !== undefined && (!Number.isInteger(options.limit) || options.limit < 0)) {
    throw new ContractError('bad-arguments', 'The rescan limit must be a whole number of tracks, 0 or more.');
  }
}

function textOrNull(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  return text === '' ? null : text;
}

export function selectFromDb(db: Db, options: PlanOptions): Selection {
  checkOptions(options);
  const variant = detectVariant(db);
  if (variant === 'none') {
    throw new ContractError(
      'not-applicable',
      'This database has no tracks table with sonic_features and file_path, so there is nothing to rescan.',
    );
  }
  const failures = variant === 'A' ? FailureStore.load(options.stateDir, options.libraryPath) : null;
  const failedExpr = variant === 'B' ? 'sonic_failed_at IS NOT NULL' : '0';
  // Artist and title name the track in reports; a library may lack either column.
  const columns = columnsOf(db, 'tracks');
  const textColumn = (name: string): string => (columns.has(name) ? name : 'NULL');
  const rows = db
    .prepare(
      `SELECT track_id AS trackId, file_path AS filePath,
              ${textColumn('artist')} AS artist, ${textColumn('title')} AS title,
              sonic_features IS NOT NULL AS hasFeatures,
              (sonic_features IS NOT NULL AND ${BEAT3TOWER_SQL}) AS isBeat3tower,
              (${failedExpr}) AS failedInDb
         FROM tracks ORDER BY rowid`,
    )
    .all() as {
    trackId: string;
    filePath: string | null;
    artist: unknown;
    title: unknown;
    hasFeatures: number;
    isBeat3tower: number;
    failedInDb: number;
  }[];

  const plan: RescanPlan = {
    variant,
    mode: options.mode,
    totalTracks: rows.length,
    toAnalyse: 0,
    wouldOverwrite: 0,
    wouldOverwriteBeat3tower: 0,
    alreadyAnalysed: 0,
    previouslyFailed: 0,
  };
  const limit = options.limit ?? Infinity;
  const tracks: SelectedTrack[] = [];
  for (const r of rows) {
    const trackId = String(r.trackId);
    if (options.mode === 'safe') {
      if (r.hasFeatures) {
        plan.alreadyAnalysed++;
        continue;
      }
      const failed = r.failedInDb === 1 || (failures?.has(trackId) ?? false);
      if (failed && !options.retryFailed) {
        plan.previouslyFailed++;
        continue;
      }
    }
    if (tracks.length >= limit) continue;
    tracks.push({
      trackId,
      artist: textOrNull(r.artist),
      title: textOrNull(r.title),
      filePath: r.filePath,
      hadFeatures: r.hasFeatures === 1,
    });
    if (r.hasFeatures) plan.wouldOverwrite++;
    if (r.isBeat3tower) plan.wouldOverwriteBeat3tower++;
  }
  plan.toAnalyse = tracks.length;
  return { plan, tracks };
}

/** Opens the library read-only and selects. */
export function selectTracks(options: PlanOptions): Selection {
  const db = openLibrary(options.libraryPath, { readonly: true });
  try {
    return selectFromDb(db, options);
  } finally {
    db.close();
  }
}
