// The bar over a long list (a preview's changes, a snapshot's files, two snapshots'
// differences): its heading, how many it shows (announced as that changes), and its
// filters on the right.
import type { ReactNode } from 'react';

interface ListBarProps {
  /** The heading's id: the list's section and table are labelled by it. */
  headingId: string;
  title: ReactNode;
  /** "12 of 40 tracks match", "Loading…"; left out where the list says it elsewhere. */
  count?: string;
  /** The filters: a kind filter, a search box. */
  children: ReactNode;
}

export function ListBar({ headingId, title, count, children }: ListBarProps) {
  return (
    <div className="change-list-bar">
      <h2 id={headingId}>{title}</h2>
      {count !== undefined && (
        <span className="muted" aria-live="polite">
          {count}
        </span>
      )}
      <div className="filter">{children}</div>
    </div>
  );
}
