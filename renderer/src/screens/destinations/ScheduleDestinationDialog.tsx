// A destination's own copy schedule: how often it is copied to while Backbeat runs,
// counted from its last copy, besides the copies after each scheduled snapshot. One
// per destination, as a disk at home and a metered cloud bucket want different rhythms.
import { useId, useRef, useState } from 'react';
import type { DestinationEntry } from '../../../../shared/destination-types';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useBridge } from '../../bridge/bridge-context';
import { useAction } from '../../hooks/useAction';
import { copyEveryText } from './copy-every';

const CHOICES = [null, 1, 3, 6, 12, 24, 72, 168] as const;

interface ScheduleDestinationDialogProps {
  entry: DestinationEntry;
  onClose(): void;
  onSaved(entry: DestinationEntry): void;
}

export function ScheduleDestinationDialog({ entry, onClose, onSaved }: ScheduleDestinationDialogProps) {
  const bridge = useBridge();
  const titleId = useId();
  const selectId = useId();
  const select = useRef<HTMLSelectElement>(null);
  const known = (CHOICES as readonly (number | null)[]).includes(entry.copyEveryHours);
  const [every, setEvery] = useState<number | null>(entry.copyEveryHours);
  // The dialog closes once saved: busy until then.
  const saving = useAction(
    async () => onSaved(await bridge.setDestinationSchedule({ name: entry.name, everyHours: every })),
    { busyAfterSuccess: true },
  );
  const { busy, error } = saving;
  return (
    <Dialog titleId={titleId} onClose={onClose} busy={busy} initialFocus={select}>
      <h2 id={titleId} className="dialog-title">
        Copy schedule of “{entry.name}”
      </h2>
      <div className="dialog-body">
        <label htmlFor={selectId} className="dest-dialog-label">
          Copy to it
        </label>
        <select
          id={selectId}
          ref={select}
          className="input"
          value={every === null ? '' : String(every)}
          onChange={(e) => setEvery(e.target.value === '' ? null : Number(e.target.value))}
        >
          {!known && (
            <option value={String(entry.copyEveryHours)}>{copyEveryText(entry.copyEveryHours)}</option>
          )}
          {CHOICES.map((h) => (
            <option key={h ?? 'none'} value={h === null ? '' : String(h)}>
              {copyEveryText(h)}
            </option>
          ))}
        </select>
        <p className="muted small">
          Counted from its last copy, while Backbeat runs; copies after each scheduled “database and audio”
          snapshot go on as well. When it cannot be reached, it is tried again later (15 minutes, doubling up
          to 6 hours), and you are told if it has not been copied to for 3 days.
        </p>
        <ErrorNotice message={error} />
      </div>
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose} disabled={busy}>
          Cancel
        </button>
        <button
          type="button"
          className="button button-primary"
          onClick={() => void saving.run()}
          disabled={busy}
        >
          Save
        </button>
      </div>
    </Dialog>
  );
}
