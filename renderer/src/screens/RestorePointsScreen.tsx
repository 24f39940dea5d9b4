// Every restore point in the backup folder: a sortable table, the selected one's
// details, and its actions. Survives entries with unreadable metadata.
import { useCallback, useId, useMemo, useState } from 'react';
import { ErrorNotice } from '../components/ErrorNotice';
import { plural } from '../format';
import { useRemoteData } from '../hooks/useRemoteData';
import { DEFAULT_SORT, nextSort, sortBackups, type SortKey } from './restore-points/backup-columns';
import { BackupDetails } from './restore-points/BackupDetails';
import { BackupTable } from './restore-points/BackupTable';
import { useVerifyJobs } from './restore-points/useVerifyJobs';
import { VerifyAllButton } from './restore-points/VerifyAllButton';

interface RestorePointsScreenProps {
  selectedId: string | null;
  onSelect(id: string | null): void;
  onRestore(id: string): void;
}

export function RestorePointsScreen({ selectedId, onSelect, onRestore }: RestorePointsScreenProps) {
  const headingId = useId();
  const backups = useRemoteData(
    (bridge) => bridge.listBackups({}),
    ['backups-changed', 'library-changed'],
    ['backup', 'verify', 'restore'],
  );
  const [sort, setSort] = useState(DEFAULT_SORT);
  const verifyJobs = useVerifyJobs();
  const entries = useMemo(() => sortBackups(backups.data ?? [], sort), [backups.data, sort]);
  const selected = entries.find((e) => e.id === selectedId) ?? entries[0] ?? null;

  const onSort = useCallback((key: SortKey) => setSort((current) => nextSort(current, key)), []);

  /** Keep the selection near where it was: the row that took the deleted one's place. */
  const onDeleted = (id: string) => {
    const index = entries.findIndex((e) => e.id === id);
    const neighbour = entries[index + 1] ?? entries[index - 1] ?? null;
    onSelect(neighbour?.id ?? null);
    backups.reload();
  };

  return (
    <div className="screen">
      <header className="screen-header">
        <h1 id={headingId}>Restore points</h1>
        {backups.data && (
          <span className="screen-header-note">{plural(backups.data.length, 'restore point')}</span>
        )}
        <VerifyAllButton disabled={entries.length === 0} />
      </header>
      <div className="screen-body">
        <ErrorNotice message={backups.error} />
        {backups.data === null && !backups.error && <p className="muted">Loading restore points…</p>}
        {backups.data !== null && entries.length === 0 && (
          <div className="empty-state">
            <p>No restore points yet.</p>
            <p className="muted">Make the first one with Back up now on the Library screen.</p>
          </div>
        )}
        {entries.length > 0 && (
          <div className="restore-points-split">
            <BackupTable
              entries={entries}
              sort={sort}
              onSort={onSort}
              selectedId={selected?.id ?? null}
              onSelect={onSelect}
              labelledBy={headingId}
            />
            {selected && (
              <BackupDetails
                entry={selected}
                verifyJobs={verifyJobs}
                onRestore={onRestore}
                onDeleted={onDeleted}
                onChanged={backups.reload}
              />
            )}
          </div>
        )}
      </div>
    </div>
  );
}
