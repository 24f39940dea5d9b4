// `schedule set ... --rescan-backups <tiers>`: how often a rescan backs up, saved in
// the library's schedule as its progress tiers (the app's rescan and `backbeat rescan`
// both read them). Its own flag, not policy words: in a retention policy
// `frequent=3` means "keep 3 frequent backups", here `frequent=25` means "every 25".
import {
  DEFAULT_PROGRESS_TIERS,
  PROGRESS_TIERS,
  progressTiersSchema,
  type ProgressTier,
  type ProgressTiers,
} from '../../shared/schedule-types';
import { UsageError } from './args';
import { formatCount } from './format';

const FORMS =
  '"default" (frequent=25,moderate=100,milestone=500), "off", or e.g. "frequent=25,milestone=500"';

function isTier(word: string): word is ProgressTier {
  return (PROGRESS_TIERS as readonly string[]).includes(word);
}

/** The tiers a --rescan-backups value names; null for "off". Anything else is bad usage. */
export function parseRescanBackups(text: string): ProgressTiers | null {
  const trimmed = text.trim();
  if (trimmed === 'off') return null;
  if (trimmed === 'default') return { ...DEFAULT_PROGRESS_TIERS };
  const tiers: Record<string, number> = {};
  for (const part of trimmed.split(',')) {
    const [key = '', value, ...rest] = part.trim().split('=');
    if (!isTier(key) || value === undefined || rest.length > 0) {
      throw new UsageError(`--rescan-backups: "${part.trim()}" is not tier=N. Use ${FORMS}.`);
    }
    if (key in tiers) throw new UsageError(`--rescan-backups names ${key} twice.`);
    if (!/^\d+$/.test(value)) {
      throw new UsageError(`--rescan-backups: ${key} needs a whole number of tracks, not "${value}".`);
    }
    tiers[key] = Number(value);
  }
  const parsed = progressTiersSchema.safeParse(tiers);
  if (!parsed.success) {
    throw new UsageError('--rescan-backups: each tier is every 1 to 1,000,000 analysed tracks.');
  }
  return parsed.data;
}

/** For `schedule status`: "every 25 (frequent), 500 (milestone) analysed tracks", or "off". */
export function describeRescanBackups(tiers: ProgressTiers | null): string {
  const parts = PROGRESS_TIERS.flatMap((tier) => {
    const every = tiers?.[tier];
    return every ? [`${formatCount(every)} (${tier})`] : [];
  });
  return parts.length === 0 ? 'off' : `every ${parts.join(', ')} analysed tracks`;
}
