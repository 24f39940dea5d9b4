// "Backups during rescans" as the form holds it (a choice and three typed numbers),
// its conversion to the contract's progress tiers, and those tiers in words.
// Default / off / custom mirror the CLI's `--rescan-backups default|off|frequent=25,...`.
import {
  DEFAULT_PROGRESS_TIERS,
  PROGRESS_TIERS,
  type ProgressTier,
  type ProgressTiers,
} from '../../../../shared/schedule-types';
import { formatCount } from '../../format';

export type RescanBackupsMode = 'default' | 'off' | 'custom';

export interface RescanBackupsDraft {
  mode: RescanBackupsMode;
  /** Every how many analysed tracks, as typed; only used (and checked) in custom mode. */
  every: Record<ProgressTier, string>;
}

/** The most tracks a tier can wait for, as the contract's schema allows. */
const MAX_EVERY = 1_000_000;

export const RESCAN_TIER_LABELS: Record<ProgressTier, string> = {
  frequent: 'Frequent',
  moderate: 'Moderate',
  milestone: 'Milestone',
};

/** Problem keys share the schedule form's map, so they carry a prefix of their own. */
export const RESCAN_PROBLEM_KEY = 'rescan';
export const rescanTierProblemKey = (tier: ProgressTier) => `rescan-${tier}`;
/** The tier whose field a problem key names, or null for keys of other fields. */
export const tierOfProblemKey = (key: string): ProgressTier | null =>
  PROGRESS_TIERS.find((tier) => rescanTierProblemKey(tier) === key) ?? null;

const sameTiers = (a: ProgressTiers, b: ProgressTiers) => PROGRESS_TIERS.every((tier) => a[tier] === b[tier]);

const typed = (tiers: ProgressTiers): Record<ProgressTier, string> => ({
  frequent: tiers.frequent === undefined ? '' : String(tiers.frequent),
  moderate: tiers.moderate === undefined ? '' : String(tiers.moderate),
  milestone: tiers.milestone === undefined ? '' : String(tiers.milestone),
});

/** The saved tiers as a choice; custom fields start from the defaults so switching has something to edit. */
export function rescanDraftFrom(tiers: ProgressTiers | null): RescanBackupsDraft {
  // Null and "no tier at all" both mean no backups during a rescan (see progressBackupTier).
  if (tiers === null || PROGRESS_TIERS.every((tier) => !tiers[tier])) {
    return { mode: 'off', every: typed(DEFAULT_PROGRESS_TIERS) };
  }
  if (sameTiers(tiers, DEFAULT_PROGRESS_TIERS)) return { mode: 'default', every: typed(tiers) };
  return { mode: 'custom', every: typed(tiers) };
}

function everyOf(text: string, label: string): number | undefined | string {
  const t = text.trim();
  if (t === '') return undefined;
  if (!/^\d+$/.test(t)) return `${label} must be a whole number (or empty).`;
  const n = Number(t);
  if (n < 1) return `${label} must be at least 1 (or empty).`;
  if (n > MAX_EVERY) return `${label} can be at most ${formatCount(MAX_EVERY)}.`;
  return n;
}

export type CheckedTiers =
  { ok: true; value: ProgressTiers | null } | { ok: false; problems: Record<string, string> };

/** What setSchedule's `progressTiers` gets: null turns rescan backups off. */
export function progressTiersOf(draft: RescanBackupsDraft): CheckedTiers {
  if (draft.mode === 'off') return { ok: true, value: null };
  if (draft.mode === 'default') return { ok: true, value: { ...DEFAULT_PROGRESS_TIERS } };
  const problems: Record<string, string> = {};
  const tiers: ProgressTiers = {};
  for (const tier of PROGRESS_TIERS) {
    const every = everyOf(draft.every[tier], RESCAN_TIER_LABELS[tier]);
    if (typeof every === 'string') problems[rescanTierProblemKey(tier)] = every;
    else if (every !== undefined) tiers[tier] = every;
  }
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  if (Object.keys(tiers).length === 0) {
    return {
      ok: false,
      problems: { [RESCAN_PROBLEM_KEY]: 'Give at least one tier a number of tracks, or choose Off.' },
    };
  }
  return { ok: true, value: tiers };
}

/** "Every 25 (frequent), 500 (milestone) analysed tracks", or "Off": the CLI's words, capitalised. */
export function describeProgressTiers(tiers: ProgressTiers | null): string {
  const parts = PROGRESS_TIERS.flatMap((tier) => {
    const every = tiers?.[tier];
    return every ? [`${formatCount(every)} (${tier})`] : [];
  });
  return parts.length === 0 ? 'Off' : `Every ${parts.join(', ')} analysed tracks`;
}
