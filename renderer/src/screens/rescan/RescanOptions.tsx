// The rescan's choices: mode, retrying failed tracks (safe mode), a limit and workers.
import { useId } from 'react';
import type { RescanMode } from '../../../../shared/rescan-types';
import { InputField } from '../../components/InputField';
import { RadioChoice } from '../../components/RadioChoice';

export interface RescanForm {
  mode: RescanMode;
  retryFailed: boolean;
  limit: string;
  workers: string;
}

interface RescanOptionsProps {
  form: RescanForm;
  onChange(form: RescanForm): void;
  problems: { limit: string | null; workers: string | null };
  disabled: boolean;
  defaultWorkers: number | null;
}

const MODES: { mode: RescanMode; label: string; note: string }[] = [
  {
    mode: 'safe',
    label: 'Safe (only tracks without analysis)',
    note: 'Pending tracks are analysed; existing analysis is never touched.',
  },
  {
    mode: 'force',
    label: 'Force (re-analyse every track)',
    note: 'Every track is analysed again and its analysis overwritten. A backup is made first.',
  },
];

export function RescanOptions({ form, onChange, problems, disabled, defaultWorkers }: RescanOptionsProps) {
  const headingId = useId();
  const retryId = useId();
  const set = (patch: Partial<RescanForm>) => onChange({ ...form, ...patch });

  return (
    <section className="card" aria-labelledby={headingId}>
      <div className="card-header">
        <h2 id={headingId}>What to analyse</h2>
      </div>
      <fieldset className="choice-group" disabled={disabled}>
        <legend>Mode</legend>
        {MODES.map((m) => (
          <RadioChoice
            key={m.mode}
            name="rescan-mode"
            checked={form.mode === m.mode}
            onSelect={() => set({ mode: m.mode })}
          >
            <span>{m.label}</span>
            <span className="choice-note">{m.note}</span>
          </RadioChoice>
        ))}
      </fieldset>
      <label className="check" htmlFor={retryId}>
        <input
          id={retryId}
          type="checkbox"
          checked={form.mode === 'safe' && form.retryFailed}
          disabled={disabled || form.mode !== 'safe'}
          onChange={(e) => set({ retryFailed: e.target.checked })}
        />
        <span>
          Retry failed tracks
          {form.mode !== 'safe' && <span className="muted"> (force mode already includes them)</span>}
        </span>
      </label>
      <div className="number-fields">
        <InputField
          label="Limit"
          min={1}
          value={form.limit}
          placeholder="All"
          disabled={disabled}
          problem={problems.limit}
          onChange={(e) => set({ limit: e.target.value })}
        />
        <InputField
          label="Workers"
          min={1}
          max={64}
          value={form.workers}
          placeholder={defaultWorkers === null ? 'Default' : `${defaultWorkers} (default)`}
          disabled={disabled}
          problem={problems.workers}
          onChange={(e) => set({ workers: e.target.value })}
        />
      </div>
    </section>
  );
}
