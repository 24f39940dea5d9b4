// Every restore point in the backup folder: a sortable table, the selected one's
// details, and its actions. Survives entries with unreadable metadata.
import { useCallback, useId, useMemo, useState } from 'react';
import { ErrorNotice } from '../components/ErrorNotice';
import { formatTrigger, plural } from '../format';
import type { BackupListEntry } from '../../../shared/types';
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
  const [search, setSearch] = useState('');
  const verifyJobs = useVerifyJobs();
  const sorted = useMemo(() => sortBackups(backups.data ?? [], sort), [backups.data, sort]);
  const entries = useMemo(() => sorted.filter((e) => matchesSearch(e, search)), [sorted, search]);
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
        {sorted.length > 0 && (
          <div className="search-row">
            <input
              type="search"
              className="input"
              aria-label="Search restore points"
              placeholder="Search by name, id or trigger"
              value={search}
              onChange={(event) => setSearch(event.target.value)}
            />
            {search.trim() && (
              <span className="muted" role="status">
                {entries.length} of {plural(sorted.length, 'restore point')}
              </span>
            )}
          </div>
        )}
        {sorted.length > 0 && entries.length === 0 && (
          <div className="empty-state">
            <p>No restore point matches “{search.trim()}”.</p>
            <p className="muted">
              The search looks at names, ids and triggers (Manual, Scheduled, Before rescan...).
            </p>
          </div>
        )}
        {backups.data !== null && sorted.length === 0 && (
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
              onOpen={onRestore}
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

/** Case-insensitive, over the name, the id and the trigger (as shown, e.g. "Before rescan", and as stored). */
export function matchesSearch(entry: BackupListEntry, search: string): boolean {
  const needle = search.trim().toLocaleLowerCase();
  if (!needle) return true;
  return [entry.name, entry.id, entry.trigger, entry.trigger ? formatTrigger(entry.trigger) : null].some(
    (field) => field !== null && field !== undefined && field.toLocaleLowerCase().includes(needle),
  );
}
