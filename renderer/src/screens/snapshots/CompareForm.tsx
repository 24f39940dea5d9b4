// Choose two snapshots to compare: the older one first (default: the two newest).
import { useId, useState, type FormEvent } from 'react';
import type { RepoSnapshotEntry } from '../../../../shared/repository-types';
import { formatDateTime } from '../../format';

/** The name (or, unnamed, the short id) and when: short enough that both lists fit on one line. */
function optionText(s: RepoSnapshotEntry): string {
  return `${s.name ?? s.shortId} · ${formatDateTime(s.time)}`;
}

interface CompareFormProps {
  /** Newest first. */
  snapshots: RepoSnapshotEntry[];
  onCompare(from: string, to: string): void;
}

export function CompareForm({ snapshots, onCompare }: CompareFormProps) {
  const fromId = useId();
  const toId = useId();
  const [from, setFrom] = useState(snapshots[1]?.id ?? '');
  const [to, setTo] = useState(snapshots[0]?.id ?? '');
  const same = from === to;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!same) onCompare(from, to);
  };

  return (
    <form className="compare-form" onSubmit={submit} aria-label="Compare two snapshots">
      <label htmlFor={fromId}>Compare</label>
      <select
        id={fromId}
        className="input input-select"
        value={from}
        onChange={(e) => setFrom(e.target.value)}
      >
        {snapshots.map((s) => (
          <option key={s.id} value={s.id}>
            {optionText(s)}
          </option>
        ))}
      </select>
      <label htmlFor={toId}>with</label>
      <select id={toId} className="input input-select" value={to} onChange={(e) => setTo(e.target.value)}>
        {snapshots.map((s) => (
          <option key={s.id} value={s.id}>
            {optionText(s)}
          </option>
        ))}
      </select>
      <button type="submit" className="button" disabled={same}>
        Show differences
      </button>
      {same && <span className="muted small">Choose two different snapshots.</span>}
    </form>
  );
}
