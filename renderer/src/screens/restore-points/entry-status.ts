// Words for restore points whose metadata could not be used.
import type { BackupEntryStatus } from '../../../../shared/types';

const STATUS_LABELS: Record<Exclude<BackupEntryStatus, 'ok'>, string> = {
  'missing-metadata': 'Metadata missing',
  'unreadable-metadata': 'Metadata unreadable',
  'newer-format': 'Newer format',
};

export function entryStatusLabel(status: BackupEntryStatus): string | null {
  return status === 'ok' ? null : (STATUS_LABELS[status] ?? 'Metadata problem');
}
