// One track a restore would change: which track, and each value before -> after.
import type { CSSProperties } from 'react';
import type { RestoreKind } from '../../../../shared/restore-kinds';
import type { TrackChange } from '../../../../shared/types';
import { formatDecimal, formatFeatureFormat } from '../../format';

const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

function shortDate(iso: string | null): string {
  if (!iso) return '—';
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : dateOnly.format(t);
}

function trackTitle(change: TrackChange): string {
  if (change.artist || change.title) return [change.artist, change.title].filter(Boolean).join(' — ');
  const path = change.filePath ?? change.trackId;
  return path.split(/[\\/]/).pop() ?? path;
}

/**
 * "before → after", or just the value when it does not change. Screen readers hear
 * "legacy becomes beat3tower": the arrow is hidden from them and a hidden word, with
 * its spaces, takes its place (an aria-label on a plain span is not read).
 */
function BeforeAfter({ before, after }: { before: string; after: string }) {
  if (before === after) return <span className="muted">{after}</span>;
  return (
    <>
      <span className="before">{before}</span>
      <span className="arrow" aria-hidden="true">
        {' → '}
      </span>
      <span className="visually-hidden"> becomes </span>
      <span className="after">{after}</span>
    </>
  );
}

interface ChangeRowProps {
  change: TrackChange | undefined;
  /** The kinds the restore would write; a row of another kind is marked as kept. */
  include: readonly RestoreKind[];
  ariaRowIndex: number;
  style: CSSProperties;
}

export function ChangeRow({ change, include, ariaRowIndex, style }: ChangeRowProps) {
  if (!change) {
    return (
      <div
        role="row"
        aria-rowindex={ariaRowIndex}
        className="grid-row change-grid change-row is-loading"
        style={style}
      >
        <div role="cell" className="cell muted">
          Loading…
        </div>
      </div>
    );
  }
  return (
    <div role="row" aria-rowindex={ariaRowIndex} className="grid-row change-grid change-row" style={style}>
      <div role="cell" className="cell cell-track">
        <span className="track-title" title={trackTitle(change)}>
          {trackTitle(change)}
          {change.matchedBy === 'file_path' && <span className="badge">matched by path</span>}
        </span>
        <span className="track-path mono" title={change.filePath ?? undefined}>
          {change.filePath ?? change.trackId}
        </span>
      </div>
      <div role="cell" className="cell">
        <span className={`kind kind-${change.kind}`}>{change.kind}</span>
        {!include.includes(change.kind) && <span className="badge badge-muted">kept</span>}
      </div>
      <div role="cell" className="cell">
        <BeforeAfter
          before={formatFeatureFormat(change.formatBefore)}
          after={formatFeatureFormat(change.formatAfter)}
        />
      </div>
      <div role="cell" className="cell cell-num">
        <BeforeAfter before={formatDecimal(change.bpmBefore, 1)} after={formatDecimal(change.bpmAfter, 1)} />
      </div>
      <div role="cell" className="cell cell-num">
        <BeforeAfter
          before={formatDecimal(change.keyStrengthBefore, 2)}
          after={formatDecimal(change.keyStrengthAfter, 2)}
        />
      </div>
      <div role="cell" className="cell">
        <BeforeAfter before={shortDate(change.analyzedAtBefore)} after={shortDate(change.analyzedAtAfter)} />
      </div>
    </div>
  );
}
