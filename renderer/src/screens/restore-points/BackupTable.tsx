// The restore points as a sortable, virtualised grid (only visible rows exist in
// the DOM, so 1,000+ entries stay instant). One row is selected; arrow keys,
// Home/End and PageUp/PageDown move the selection and keep the row in view.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useLayoutEffect, useRef, type KeyboardEvent } from 'react';
import type { BackupListEntry } from '../../../../shared/types';
import { BACKUP_COLUMNS, type SortKey, type SortState } from './backup-columns';
import { BackupRow } from './BackupRow';
import { targetIndex } from './row-keys';
import { SortHeader } from './SortHeader';

const ROW_HEIGHT = 28;

interface BackupTableProps {
  entries: readonly BackupListEntry[];
  sort: SortState;
  onSort(key: SortKey): void;
  selectedId: string | null;
  onSelect(id: string): void;
  /** Enter (or a double click) on a row: open its restore preview. */
  onOpen(id: string): void;
  labelledBy: string;
}

export function BackupTable({
  entries,
  sort,
  onSort,
  selectedId,
  onSelect,
  onOpen,
  labelledBy,
}: BackupTableProps) {
  const rowIdPrefix = useId();
  const body = useRef<HTMLDivElement>(null);
  /** Set by keyboard moves: focus must follow the selection once the row is rendered. */
  const focusPending = useRef(false);
  const selectedIndex = selectedId === null ? -1 : entries.findIndex((e) => e.id === selectedId);

  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement: () => body.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    getItemKey: (index) => entries[index]?.id ?? index,
    useFlushSync: false,
  });
  const items = virtualizer.getVirtualItems();
  const rowDomId = (id: string) => `${rowIdPrefix}-${id}`;

  useEffect(() => {
    if (!focusPending.current || selectedId === null) return;
    let frames = 0;
    let handle = 0;
    // The row may only be rendered after the virtualiser reacts to the scroll.
    const tryFocus = () => {
      const row = document.getElementById(rowDomId(selectedId));
      if (row) {
        focusPending.current = false;
        row.focus({ preventScroll: true });
      } else if (frames++ < 10) {
        handle = requestAnimationFrame(tryFocus);
      }
    };
    tryFocus();
    return () => cancelAnimationFrame(handle);
  });

  // Keep the selection in view when the order changes or the table gets shorter
  // (for example when the details panel below grows).
  const scrollToSelection = useRef<() => void>(() => undefined);
  useLayoutEffect(() => {
    scrollToSelection.current = () => {
      if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
    };
  });
  useEffect(() => scrollToSelection.current(), [sort]);
  useEffect(() => {
    const element = body.current;
    if (!element) return;
    let lastHeight = element.clientHeight;
    const observer = new ResizeObserver(() => {
      if (element.clientHeight < lastHeight) scrollToSelection.current();
      lastHeight = element.clientHeight;
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Enter') {
      const selected = entries[selectedIndex];
      // Damaged entries cannot be restored; Enter does nothing there, as the disabled button.
      if (selected && selected.status === 'ok') {
        event.preventDefault();
        onOpen(selected.id);
      }
      return;
    }
    const pageSize = Math.max(
      1,
      Math.floor((body.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1,
    );
    const next = targetIndex(event.key, selectedIndex, entries.length, pageSize);
    const entry = next === null ? undefined : entries[next];
    if (next === null || !entry) return;
    event.preventDefault();
    focusPending.current = true;
    onSelect(entry.id);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  // Exactly one row is reachable with Tab: the selected one if rendered, else the first rendered.
  const selectedRendered = items.some((item) => item.index === selectedIndex);
  const tabStopIndex = selectedRendered ? selectedIndex : (items[0]?.index ?? -1);

  return (
    <div
      role="grid"
      className="grid"
      aria-labelledby={labelledBy}
      aria-rowcount={entries.length + 1}
      aria-colcount={BACKUP_COLUMNS.length}
    >
      <SortHeader sort={sort} onSort={onSort} />
      <div role="rowgroup" className="grid-body" ref={body} onKeyDown={onKeyDown}>
        <div className="grid-spacer" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const entry = entries[item.index];
            if (!entry) return null;
            return (
              <BackupRow
                key={entry.id}
                entry={entry}
                rowId={rowDomId(entry.id)}
                ariaRowIndex={item.index + 2}
                selected={item.index === selectedIndex}
                tabStop={item.index === tabStopIndex}
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                onSelect={onSelect}
                onOpen={onOpen}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
