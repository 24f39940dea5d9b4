// Which progress tier a backup belongs to. Rescans tag their backups either with a
// `tier` field in the metadata (proposed addition to BackupMeta) or, until that
// lands, with a generated name `rescan-<tier>-<tracks>`. Such generated names are
// labels, not names a user chose, so they do not earn the "named" protection.
import { PROGRESS_TIERS } from '../../../shared/schedule-types';
import type { ProgressTier } from '../../../shared/schedule-types';
import type { BackupListEntry } from '../../../shared/types';

const TIER_NAME = /^rescan-(frequent|moderate|milestone)-(\d+)$/;

/** The name a rescan gives the backup it makes after `analysed` tracks. */
export function tierBackupName(tier: ProgressTier, analysed: number): string {
  return `rescan-${tier}-${analysed}`;
}

function isTier(value: unknown): value is ProgressTier {
  return typeof value === 'string' && (PROGRESS_TIERS as readonly string[]).includes(value);
}

/** The entry's tier, read defensively: metadata written by older versions has no `tier`. */
export function backupTier(entry: BackupListEntry): ProgressTier | null {
  const fromMeta: unknown = (entry.meta as { tier?: unknown } | null)?.tier;
  if (isTier(fromMeta)) return fromMeta;
  const match = entry.name ? TIER_NAME.exec(entry.name) : null;
  return match && isTier(match[1]) ? match[1] : null;
}

/** True when the entry carries a name the user chose (not a generated tier label). */
export function hasUserName(entry: BackupListEntry): boolean {
  return entry.name !== null && entry.name !== '' && !TIER_NAME.test(entry.name);
}
