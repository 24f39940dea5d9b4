// Human wording for sizes, durations, times and counts. English only, deterministic
// (no Intl relative-time phrasing) so tests and screenshots read the same everywhere.
import { formatByteSize } from '../../shared/byte-size';
import type { BackupTrigger, FeatureFormat, LibraryVariant } from '../../shared/types';

/** 1536 -> "1.5 KB": the one size style of CLI and app (shared/byte-size.ts). */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '—';
  return formatByteSize(bytes);
}

const numberFormat = new Intl.NumberFormat('en-US');

export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : numberFormat.format(n);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** 75 -> "1 min 15 s"; 4000 -> "1 h 7 min". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return s % 60 ? `${minutes} min ${s % 60} s` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
}

export function formatEta(etaSeconds: number | null | undefined): string | null {
  if (etaSeconds === null || etaSeconds === undefined || !Number.isFinite(etaSeconds)) return null;
  if (etaSeconds < 1) return 'Almost done';
  return `About ${formatDuration(etaSeconds)} left`;
}

export function formatPercent(fraction: number): string {
  return `${Math.floor(Math.min(1, Math.max(0, fraction)) * 100)}%`;
}

function ago(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'} ago`;
}

/** "just now", "5 minutes ago", "3 hours ago", "2 days ago"... */
export function formatRelative(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return '—';
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '—';
  const seconds = Math.round((now - then) / 1000);
  if (seconds < 45) return seconds < -60 ? 'in the future' : 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return ago(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (hours < 24) return ago(hours, 'hour');
  const days = Math.round(hours / 24);
  if (days < 30) return ago(days, 'day');
  const months = Math.round(days / 30.44);
  if (months < 12) return ago(months, 'month');
  return ago(Math.round(days / 365.25), 'year');
}

/** The one date format of the app: "Dec 6, 2026, 5:30 AM" in tables, details and notices alike. */
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : dateTimeFormat.format(t);
}

/** What to call a backup: its name, else (unnamed) the time it was made, else (no metadata) its id. */
export function backupLabel(backup: { id: string; name?: string | null; createdAt?: string | null }): string {
  if (backup.name) return backup.name;
  if (backup.createdAt && !Number.isNaN(Date.parse(backup.createdAt)))
    return formatDateTime(backup.createdAt);
  return backup.id;
}

const TRIGGER_LABELS: Record<BackupTrigger, string> = {
  manual: 'Manual',
  auto_before_force: 'Before rescan',
  auto_before_restore: 'Before restore',
  scheduled: 'Scheduled',
};

export function formatTrigger(trigger: BackupTrigger | null | undefined): string {
  if (!trigger) return '—';
  return TRIGGER_LABELS[trigger] ?? trigger;
}

const VARIANT_LABELS: Record<LibraryVariant, string> = {
  A: 'Layout A',
  B: 'Layout B',
  none: 'No tracks table',
};

export function formatVariant(variant: LibraryVariant | null | undefined): string {
  if (!variant) return '—';
  return VARIANT_LABELS[variant] ?? variant;
}

const FORMAT_LABELS: Record<FeatureFormat, string> = {
  beat3tower: 'beat3tower',
  legacy: 'legacy',
  none: 'none',
};

export function formatFeatureFormat(format: FeatureFormat): string {
  return FORMAT_LABELS[format] ?? format;
}

export function formatDecimal(value: number | null | undefined, digits: number): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(digits);
}
