// A virtualised list of rows (a snapshot's files, a diff) that the keyboard can walk:
// the list itself takes focus, arrows/Page/Home/End move the active row (announced
// through aria-activedescendant), Enter opens it and, where rows can be chosen, Space
// ticks or unticks it (as its checkbox does). Only ~30 rows exist in the DOM.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

const ROW_HEIGHT = 32;

interface VirtualRowsProps<T> {
  rows: readonly T[];
  label: string;
  /** The grid's column headers, in order. */
  columns: readonly { label: string; numeric?: boolean }[];
  /** CSS class that sets the grid-template-columns of header and rows. */
  gridClass: string;
  cells(row: T): ReactNode[];
  rowKey(row: T): string;
  /** Enter or double click; rows it returns false for are not openable. */
  onOpen?(row: T): void;
  canOpen?(row: T): boolean;
  /** Rows can be chosen: a checkbox column first, and Space toggles the active row. */
  choice?: {
    isChosen(row: T): boolean;
    toggle(row: T): void;
    /** The checkbox's accessible name, e.g. "Choose 01 - Intro.flac". */
    label(row: T): string;
  };
  empty: string;
}

export function VirtualRows<T>(props: VirtualRowsProps<T>) {
  const { rows } = props;
  const baseId = useId();
  const scroller = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    useFlushSync: false,
  });

  // New rows (another folder, a search): start again at the top.
  useEffect(() => {
    setActive(0);
    scroller.current?.scrollTo({ top: 0 });
  }, [rows]);

  const move = (index: number) => {
    if (rows.length === 0) return;
    const next = Math.max(0, Math.min(rows.length - 1, index));
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 320) / ROW_HEIGHT) - 1);
  const onKeyDown = (e: KeyboardEvent) => {
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(active + 1),
      ArrowUp: () => move(active - 1),
      PageDown: () => move(active + page),
      PageUp: () => move(active - page),
      Home: () => move(0),
      End: () => move(rows.length - 1),
      ' ': () => {
        const row = rows[active];
        if (row !== undefined) props.choice?.toggle(row);
      },
      Enter: () => {
        const row = rows[active];
        if (row !== undefined && props.onOpen && (props.canOpen?.(row) ?? true)) props.onOpen(row);
      },
    };
    const action = keys[e.key];
    if (action && (e.key !== ' ' || props.choice)) {
      e.preventDefault();
      action();
    }
  };

  const rowId = (i: number) => `${baseId}-row-${i}`;
  const { choice } = props;
  const gridClass = choice ? `${props.gridClass} has-choice` : props.gridClass;
  return (
    <div role="grid" className="grid virtual-rows" aria-label={props.label} aria-rowcount={rows.length + 1}>
      <div role="rowgroup" className="grid-head">
        <div role="row" aria-rowindex={1} className={`grid-row grid-header-row ${gridClass}`}>
          {choice && (
            <div role="columnheader" className="cell cell-choice">
              <span className="visually-hidden">Chosen</span>
            </div>
          )}
          {props.columns.map((c) => (
            <div key={c.label} role="columnheader" className={c.numeric ? 'cell cell-num' : 'cell'}>
              {c.label}
            </div>
          ))}
        </div>
      </div>
      <div
        ref={scroller}
        className="grid-body"
        tabIndex={0}
        aria-activedescendant={rows.length > 0 ? rowId(active) : undefined}
        onKeyDown={onKeyDown}
      >
        <div role="rowgroup" className="grid-spacer" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index]!;
            const cells = props.cells(row);
            return (
              <div
                key={props.rowKey(row)}
                id={rowId(item.index)}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={item.index === active}
                className={`grid-row ${gridClass}${item.index === active ? ' is-active' : ''}${choice?.isChosen(row) ? ' is-chosen' : ''}`}
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                onClick={() => setActive(item.index)}
                onDoubleClick={() => props.onOpen && (props.canOpen?.(row) ?? true) && props.onOpen(row)}
              >
                {choice && (
                  <div role="gridcell" className="cell cell-choice">
                    {/* Out of the tab order: the list has focus, and Space toggles the active row. */}
                    <input
                      type="checkbox"
                      tabIndex={-1}
                      aria-label={choice.label(row)}
                      checked={choice.isChosen(row)}
                      onChange={() => choice.toggle(row)}
                      onDoubleClick={(e) => e.stopPropagation()}
                    />
                  </div>
                )}
                {cells.map((cell, i) => (
                  <div
                    key={i}
                    role="gridcell"
                    className={props.columns[i]?.numeric ? 'cell cell-num' : 'cell'}
                  >
                    {cell}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
        {rows.length === 0 && <p className="grid-empty muted">{props.empty}</p>}
      </div>
    </div>
  );
}
