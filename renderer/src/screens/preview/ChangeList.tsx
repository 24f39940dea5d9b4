// The tracks a restore would change, filterable, virtualised and paged from the
// host as the user scrolls (30,000 rows stay smooth: ~30 rows exist in the DOM).
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useRef, useState } from 'react';
import { RESTORE_KINDS, type RestoreKind } from '../../../../shared/restore-kinds';
import { RetryNotice } from '../../components/RetryNotice';
import { KindFilter } from '../../components/KindFilter';
import { formatCount } from '../../format';
import { useDebouncedValue } from '../../hooks/useDebouncedValue';
import { ChangeRow } from './ChangeRow';
import { KIND_LABELS } from './KindChoice';
import { usePreviewPages } from './usePreviewPages';
import { ListBar } from '../../components/ListBar';
import { SearchBox } from '../../components/SearchBox';

const ROW_HEIGHT = 40;
const COLUMNS = ['Track', 'Change', 'Format', 'BPM', 'Key strength', 'Analysed'];

interface ChangeListProps {
  previewId: string;
  /** Changes without a filter, for "N of M tracks match". */
  unfilteredTotal: number;
  title: string;
  /** The kinds the restore would write (rows of other kinds are marked as kept). */
  include: readonly RestoreKind[];
}

export function ChangeList({ previewId, unfilteredTotal, title, include }: ChangeListProps) {
  const headingId = useId();
  const [typed, setTyped] = useState('');
  const [kind, setKind] = useState<RestoreKind | 'all'>('all');
  const filter = useDebouncedValue(typed.trim(), 250);
  const pages = usePreviewPages(previewId, filter, kind === 'all' ? null : kind);
  const scroller = useRef<HTMLDivElement>(null);
  const count = pages.total ?? 0;

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    useFlushSync: false,
  });
  const items = virtualizer.getVirtualItems();
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    if (count > 0) pages.want(firstIndex, lastIndex);
  });

  // A new filter shows its results from the top.
  useEffect(() => {
    scroller.current?.scrollTo({ top: 0 });
  }, [filter, kind]);

  const matching =
    pages.total === null
      ? 'Loading…'
      : filter || kind !== 'all'
        ? `${formatCount(pages.total)} of ${formatCount(unfilteredTotal)} tracks match`
        : `${formatCount(pages.total)} tracks`;

  return (
    <section className="change-list" aria-labelledby={headingId}>
      <ListBar headingId={headingId} title={title} count={matching}>
        <KindFilter
          value={kind}
          allLabel="All kinds"
          kinds={RESTORE_KINDS}
          labels={KIND_LABELS}
          onChange={setKind}
        />
        <SearchBox label="Filter tracks" placeholder="Filter tracks" value={typed} onChange={setTyped} />
      </ListBar>
      <RetryNotice message={pages.error} onRetry={pages.retry} />
      <div role="table" className="grid" aria-labelledby={headingId} aria-rowcount={count + 1}>
        <div role="rowgroup" className="grid-head">
          <div role="row" aria-rowindex={1} className="grid-row grid-header-row change-grid">
            {COLUMNS.map((label) => (
              <div
                key={label}
                role="columnheader"
                className={label === 'BPM' || label === 'Key strength' ? 'cell cell-num' : 'cell'}
              >
                {label}
              </div>
            ))}
          </div>
        </div>
        {/* Focusable so the keyboard can scroll it (arrows, Page Up/Down). */}
        <div ref={scroller} className="grid-body" tabIndex={0}>
          <div role="rowgroup" className="grid-spacer" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((item) => (
              <ChangeRow
                key={item.index}
                change={pages.row(item.index)}
                include={include}
                ariaRowIndex={item.index + 2}
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
              />
            ))}
          </div>
          {pages.total === 0 && (
            <p className="grid-empty muted">
              {filter || kind !== 'all' ? 'No tracks match this filter.' : 'No tracks would change.'}
            </p>
          )}
        </div>
      </div>
    </section>
  );
}
