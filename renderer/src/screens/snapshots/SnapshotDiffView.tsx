// What changed between two snapshots: files added, removed and changed, with sizes.
import { useEffect, useId, useMemo, useState } from 'react';
import type { SnapshotDiffResult } from '../../../../shared/repository-types';
import { useBridge } from '../../bridge/bridge-context';
import { ErrorNotice } from '../../components/ErrorNotice';
import { KindFilter } from '../../components/KindFilter';
import { errorMessage } from '../../errors';
import { formatBytes, formatCount } from '../../format';
import { PathCell } from './PathCell';
import { VirtualRows } from './VirtualRows';
import { ListBar } from '../../components/ListBar';

type Kind = 'added' | 'removed' | 'changed';
const KINDS: readonly Kind[] = ['added', 'removed', 'changed'];
interface Row {
  kind: Kind;
  path: string;
  /** Only for names that are not UTF-8: the path with their bytes shown. */
  display?: string;
  size: number | null;
  sizeBefore: number | null;
}

const KIND_TEXT: Record<Kind, string> = { added: 'Added', removed: 'Removed', changed: 'Changed' };
const COLUMNS = [
  { label: 'Change' },
  { label: 'File' },
  { label: 'Before', numeric: true },
  { label: 'After', numeric: true },
];

function sum(rows: readonly { size: number | null }[]): number {
  return rows.reduce((n, r) => n + (r.size ?? 0), 0);
}

/** The size after; for a changed file whose sizes round to the same text (a retag), the exact difference too. */
function AfterSize({ row }: { row: Row }) {
  const after = formatBytes(row.size);
  if (row.size === null || row.sizeBefore === null || row.size === row.sizeBefore) return <>{after}</>;
  if (after !== formatBytes(row.sizeBefore)) return <>{after}</>;
  const delta = row.size - row.sizeBefore;
  return (
    <>
      {after} <span className="muted small">{`${delta > 0 ? '+' : '−'}${formatBytes(Math.abs(delta))}`}</span>
    </>
  );
}

export function SnapshotDiffView({ from, to }: { from: string; to: string }) {
  const bridge = useBridge();
  const headingId = useId();
  const [diff, setDiff] = useState<SnapshotDiffResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [kind, setKind] = useState<Kind | 'all'>('all');

  useEffect(() => {
    let live = true;
    bridge.diffSnapshots({ from, to }).then(
      (d) => live && setDiff(d),
      (err: unknown) => live && setError(errorMessage(err)),
    );
    return () => {
      live = false;
    };
  }, [bridge, from, to]);

  const rows = useMemo<Row[]>(() => {
    if (!diff) return [];
    const all: Row[] = [
      ...diff.added.map((r) => ({ kind: 'added' as const, ...r, sizeBefore: null })),
      ...diff.removed.map((r) => ({ kind: 'removed' as const, ...r, size: null, sizeBefore: r.size })),
      ...diff.changed.map((r) => ({ kind: 'changed' as const, ...r })),
    ];
    return kind === 'all' ? all : all.filter((r) => r.kind === kind);
  }, [diff, kind]);

  const name = (s: SnapshotDiffResult['from']) => s.name ?? s.shortId;
  return (
    <section className="file-browser" aria-labelledby={headingId}>
      <ListBar
        headingId={headingId}
        title={diff ? `From ${name(diff.from)} to ${name(diff.to)}` : 'Differences'}
      >
        <KindFilter value={kind} allLabel="All changes" kinds={KINDS} labels={KIND_TEXT} onChange={setKind} />
      </ListBar>
      <ErrorNotice title="Backbeat could not compare the snapshots." message={error} />
      {!diff && !error && (
        <p className="muted" role="status">
          Reading both snapshots…
        </p>
      )}
      {diff && (
        <p className="diff-summary" role="status">
          {formatCount(diff.added.length)} added ({formatBytes(sum(diff.added))}) ·{' '}
          {formatCount(diff.removed.length)} removed ({formatBytes(sum(diff.removed))}) ·{' '}
          {formatCount(diff.changed.length)} changed
        </p>
      )}
      {diff && (
        <VirtualRows
          rows={rows}
          label="Changed files"
          columns={COLUMNS}
          gridClass="diff-grid"
          rowKey={(r) => `${r.kind}:${r.path}`}
          cells={(r) => [
            <span className={`diff-kind diff-${r.kind}`}>{KIND_TEXT[r.kind]}</span>,
            <PathCell path={r.path} display={r.display} />,
            formatBytes(r.sizeBefore),
            <AfterSize row={r} />,
          ]}
          empty={kind === 'all' ? 'No file differs between these snapshots.' : 'No change of this kind.'}
        />
      )}
    </section>
  );
}
