// The buttons of one destination's row: Test, Check, Copy now, Schedule..., Prune... and
// Remove. Each is named for screen readers by its action and the destination ("Prune
// destination nas"), since every row has the same six.
import type { DestinationEntry } from '../../../../shared/destination-types';

interface RowAction {
  text: string;
  /** The accessible name: what it does, to which destination. */
  label: string;
  title?: string;
  disabled?: boolean;
  run(): void;
}

export interface DestinationActionsProps {
  entry: DestinationEntry;
  /** Its Test button is still asking. */
  testing: boolean;
  /** A copy is running: no second one may start. */
  copying: boolean;
  /** A check is running: no second one may start. */
  checking: boolean;
  onTest(name: string): void;
  onCheck(name: string): void;
  onCopy(name: string): void;
  onSchedule(entry: DestinationEntry): void;
  onPrune(entry: DestinationEntry): void;
  onRemove(entry: DestinationEntry): void;
}

function rowActions(p: DestinationActionsProps): RowAction[] {
  const d = p.entry;
  return [
    {
      text: p.testing ? 'Testing…' : 'Test',
      label: `Test destination ${d.name}`,
      disabled: p.testing,
      run: () => p.onTest(d.name),
    },
    {
      text: 'Check',
      label: `Check destination ${d.name}`,
      title: 'Check its repository and read back 5% of its data',
      disabled: p.checking,
      run: () => p.onCheck(d.name),
    },
    {
      text: 'Copy now',
      label: `Copy now to destination ${d.name}`,
      disabled: p.copying,
      run: () => p.onCopy(d.name),
    },
    {
      text: 'Schedule…',
      label: `Copy schedule of destination ${d.name}`,
      title: 'Copy to it on its own schedule',
      run: () => p.onSchedule(d),
    },
    {
      text: 'Prune…',
      label: `Prune destination ${d.name}`,
      title: 'Remove old snapshots there by a policy, after a preview',
      run: () => p.onPrune(d),
    },
    { text: 'Remove', label: `Remove destination ${d.name}`, run: () => p.onRemove(d) },
  ];
}

export function DestinationActions(props: DestinationActionsProps) {
  return (
    <div className="button-row dest-actions">
      {rowActions(props).map((a) => (
        <button
          key={a.label}
          type="button"
          className="button button-small"
          aria-label={a.label}
          title={a.title}
          disabled={a.disabled}
          onClick={a.run}
        >
          {a.text}
        </button>
      ))}
    </div>
  );
}
