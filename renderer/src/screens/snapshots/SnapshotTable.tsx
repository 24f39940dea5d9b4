// The snapshots, newest first, with what each added. A library keeps tens to a few
// hundred snapshots, so a plain table (not a virtualised grid) serves; "Browse" opens one.
import { useId } from 'react';
import type { RepoSnapshotEntry } from '../../../../shared/repository-types';
import { formatBytes, formatCount, formatDateTime } from '../../format';

function triggerText(t: RepoSnapshotEntry['trigger']): string {
  if (t === 'manual') return 'Manual';
  if (t === 'scheduled') return 'Scheduled';
  return '—';
}

interface SnapshotTableProps {
  snapshots: RepoSnapshotEntry[];
  selectedId: string | null;
  onOpen(id: string): void;
}

export function SnapshotTable({ snapshots, selectedId, onOpen }: SnapshotTableProps) {
  const captionId = useId();
  return (
    <div className="table-scroll snapshot-table-scroll">
      <table className="format-table report-table snapshot-table" aria-labelledby={captionId}>
        <caption id={captionId} className="visually-hidden">
          Snapshots, newest first
        </caption>
        <thead>
          <tr>
            <th scope="col">Taken</th>
            <th scope="col">Name</th>
            <th scope="col">Trigger</th>
            <th scope="col" className="cell-num">
              New files
            </th>
            <th scope="col" className="cell-num">
              Changed
            </th>
            <th scope="col" className="cell-num">
              Data added
            </th>
            <th scope="col" className="cell-num">
              Files
            </th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {snapshots.map((s) => {
            const label = s.name ?? s.shortId;
            return (
              <tr
                key={s.id}
                className={s.id === selectedId ? 'is-selected' : undefined}
                aria-current={s.id === selectedId ? 'true' : undefined}
              >
                <td>{formatDateTime(s.time)}</td>
                <td>
                  {s.name ?? <span className="muted">Unnamed</span>}{' '}
                  <span className="muted mono">{s.shortId}</span>
                </td>
                <td>{triggerText(s.trigger)}</td>
                <td className="cell-num">{formatCount(s.filesNew)}</td>
                <td className="cell-num">{formatCount(s.filesChanged)}</td>
                <td className="cell-num">{formatBytes(s.dataAdded)}</td>
                <td className="cell-num">{formatCount(s.totalFiles)}</td>
                <td>
                  <button
                    type="button"
                    className="button button-small"
                    aria-label={`Browse snapshot ${label}`}
                    onClick={() => onOpen(s.id)}
                  >
                    Browse
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
