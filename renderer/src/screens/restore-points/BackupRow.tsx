// One restore point in the table. Cheap to render: plain text cells only.
import type { CSSProperties } from 'react';
import type { BackupListEntry } from '../../../../shared/types';
import { backupLabel, formatBytes, formatCount, formatDateTime, formatTrigger } from '../../format';
import { entryStatusLabel } from './entry-status';

interface BackupRowProps {
  entry: BackupListEntry;
  rowId: string;
  /** 1-based, counting the header row, for aria-rowindex. */
  ariaRowIndex: number;
  selected: boolean;
  /** The one row Tab stops at. */
  tabStop: boolean;
  style: CSSProperties;
  onSelect(id: string): void;
  /** Double click (like Enter) opens the restore point's preview. */
  onOpen(id: string): void;
}

function verifiedText(verified: boolean | null): { symbol: string; label: string; className: string } {
  if (verified === null) return { symbol: '—', label: 'Not verified', className: 'muted' };
  return verified
    ? { symbol: '✓ OK', label: 'Verified', className: 'text-success' }
    : { symbol: '✗ Failed', label: 'Verification failed', className: 'text-danger' };
}

export function BackupRow({
  entry,
  rowId,
  ariaRowIndex,
  selected,
  tabStop,
  style,
  onSelect,
  onOpen,
}: BackupRowProps) {
  const problem = entryStatusLabel(entry.status);
  const verified = verifiedText(entry.verified);
  return (
    <div
      id={rowId}
      role="row"
      aria-rowindex={ariaRowIndex}
      aria-selected={selected}
      tabIndex={tabStop ? 0 : -1}
      className={selected ? 'grid-row backup-grid is-selected' : 'grid-row backup-grid'}
      style={style}
      onClick={() => onSelect(entry.id)}
      onDoubleClick={() => entry.status === 'ok' && onOpen(entry.id)}
    >
      <div role="gridcell" className="cell cell-name" title={entry.name ?? `Unnamed backup ${entry.id}`}>
        {/* The badge goes first so a long name cannot push it out of sight. */}
        {problem && <span className="badge badge-warning badge-leading">{problem}</span>}
        {/* An unnamed backup is known by when it was made, not by a cut-off id. */}
        {entry.name ?? <span className="muted">{backupLabel(entry)}</span>}
      </div>
      <div role="gridcell" className="cell">
        {formatDateTime(entry.createdAt)}
      </div>
      <div role="gridcell" className="cell">
        {formatTrigger(entry.trigger)}
      </div>
      <div role="gridcell" className="cell cell-num">
        {formatCount(entry.trackCount)}
      </div>
      <div role="gridcell" className="cell cell-num">
        {formatCount(entry.beat3tower)}
      </div>
      <div role="gridcell" className="cell cell-num">
        {formatBytes(entry.sizeBytes)}
      </div>
      <div role="gridcell" className={`cell ${verified.className}`} aria-label={verified.label}>
        {verified.symbol}
      </div>
      <div role="gridcell" className="cell" aria-label={entry.pinned ? 'Pinned' : 'Not pinned'}>
        {entry.pinned ? 'Pinned' : ''}
      </div>
    </div>
  );
}
