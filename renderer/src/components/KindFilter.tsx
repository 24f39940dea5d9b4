// The "Show changes of kind" select of a list of changes (a restore preview's tracks,
// a snapshot diff's files): "all", or one kind.
import { useId } from 'react';

interface KindFilterProps<K extends string> {
  value: NoInfer<K> | 'all';
  /** What "all" is called ("All kinds", "All changes"). */
  allLabel: string;
  kinds: readonly K[];
  labels: Readonly<Record<NoInfer<K>, string>>;
  onChange(kind: NoInfer<K> | 'all'): void;
}

export function KindFilter<K extends string>({
  value,
  allLabel,
  kinds,
  labels,
  onChange,
}: KindFilterProps<K>) {
  const id = useId();
  return (
    <>
      <label htmlFor={id} className="visually-hidden">
        Show changes of kind
      </label>
      <select
        id={id}
        className="input input-select"
        value={value}
        onChange={(e) => onChange(e.target.value as K | 'all')}
      >
        <option value="all">{allLabel}</option>
        {kinds.map((k) => (
          <option key={k} value={k}>
            {labels[k]}
          </option>
        ))}
      </select>
    </>
  );
}
