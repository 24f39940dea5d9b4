// The restore-point table's columns: header text, how each sorts, and alignment.
// Cell rendering lives in BackupRow; this file only knows about ordering.
import type { BackupListEntry } from '../../../../shared/types';
import { formatTrigger } from '../../format';

export type SortKey = 'name' | 'time' | 'trigger' | 'tracks' | 'beat3tower' | 'size' | 'verified' | 'pinned';
export type SortDirection = 'ascending' | 'descending';
export interface SortState {
  key: SortKey;
  direction: SortDirection;
}

type SortValue = string | number | null;

export interface BackupColumn {
  key: SortKey;
  label: string;
  numeric: boolean;
  /** The direction a first click sorts in (newest/biggest first for numbers and time). */
  firstDirection: SortDirection;
  value(entry: BackupListEntry): SortValue;
}

export const BACKUP_COLUMNS: readonly BackupColumn[] = [
  {
    key: 'name',
    label: 'Name',
    numeric: false,
    firstDirection: 'ascending',
    // Unnamed backups are shown by their time; they sort after the named ones, newest first.
    value: (e) => (e.name ? `0${e.name.toLocaleLowerCase()}` : `1${e.createdAt ?? e.id}`),
  },
  { key: 'time', label: 'Time', numeric: false, firstDirection: 'descending', value: (e) => e.createdAt },
  {
    key: 'trigger',
    label: 'Trigger',
    numeric: false,
    firstDirection: 'ascending',
    value: (e) => (e.trigger ? formatTrigger(e.trigger) : null),
  },
  { key: 'tracks', label: 'Tracks', numeric: true, firstDirection: 'descending', value: (e) => e.trackCount },
  {
    key: 'beat3tower',
    label: 'beat3tower',
    numeric: true,
    firstDirection: 'descending',
    value: (e) => e.beat3tower,
  },
  { key: 'size', label: 'Size', numeric: true, firstDirection: 'descending', value: (e) => e.sizeBytes },
  {
    key: 'verified',
    label: 'Verified',
    numeric: false,
    firstDirection: 'descending',
    value: (e) => (e.verified === null ? null : Number(e.verified)),
  },
  {
    key: 'pinned',
    label: 'Pinned',
    numeric: false,
    firstDirection: 'descending',
    value: (e) => Number(e.pinned),
  },
];

export const DEFAULT_SORT: SortState = { key: 'time', direction: 'descending' };

function compareValues(a: SortValue, b: SortValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

/** A sorted copy; unknown values (unreadable metadata) always go last; ties fall back to newest first. */
export function sortBackups(entries: readonly BackupListEntry[], sort: SortState): BackupListEntry[] {
  const column = BACKUP_COLUMNS.find((c) => c.key === sort.key) ?? BACKUP_COLUMNS[1]!;
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const keyed = entries.map((entry) => ({ entry, value: column.value(entry) }));
  keyed.sort((a, b) => {
    if (a.value === null || b.value === null) {
      if (a.value !== b.value) return a.value === null ? 1 : -1;
    } else {
      const order = compareValues(a.value, b.value);
      if (order !== 0) return sign * order;
    }
    return (
      (b.entry.createdAt ?? '').localeCompare(a.entry.createdAt ?? '') || a.entry.id.localeCompare(b.entry.id)
    );
  });
  return keyed.map((k) => k.entry);
}

export function nextSort(current: SortState, key: SortKey): SortState {
  if (current.key === key) {
    return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  }
  const column = BACKUP_COLUMNS.find((c) => c.key === key);
  return { key, direction: column?.firstDirection ?? 'ascending' };
}
