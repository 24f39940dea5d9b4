// The table's header row: one sort button per column; aria-sort on the sorted one.
import { BACKUP_COLUMNS, type SortKey, type SortState } from './backup-columns';

export function SortHeader({ sort, onSort }: { sort: SortState; onSort(key: SortKey): void }) {
  return (
    <div role="rowgroup" className="grid-head">
      <div role="row" aria-rowindex={1} className="grid-row grid-header-row backup-grid">
        {BACKUP_COLUMNS.map((column) => {
          const sorted = sort.key === column.key;
          return (
            <div
              key={column.key}
              role="columnheader"
              aria-sort={sorted ? sort.direction : 'none'}
              className={column.numeric ? 'cell cell-num' : 'cell'}
            >
              <button type="button" className="sort-button" onClick={() => onSort(column.key)}>
                {column.label}
                <span className="sort-arrow" aria-hidden="true">
                  {sorted ? (sort.direction === 'ascending' ? '▲' : '▼') : ''}
                </span>
              </button>
            </div>
          );
        })}
      </div>
    </div>
  );
}
