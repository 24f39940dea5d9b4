// The rescan's choices: mode, retrying failed tracks (safe mode), a limit and workers.
import { useId } from 'react';
import type { RescanMode } from '../../../../shared/rescan-types';

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
  const limitId = useId();
  const workersId = useId();
  const limitProblemId = useId();
  const workersProblemId = useId();
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
          <label key={m.mode} className="choice">
            <input
              type="radio"
              name="rescan-mode"
              value={m.mode}
              checked={form.mode === m.mode}
              onChange={() => set({ mode: m.mode })}
            />
            <span className="choice-text">
              <span>{m.label}</span>
              <span className="choice-note">{m.note}</span>
            </span>
          </label>
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
        <div className="number-field">
          <label htmlFor={limitId}>Limit</label>
          <input
            id={limitId}
            className="input"
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            value={form.limit}
            placeholder="All"
            disabled={disabled}
            aria-invalid={problems.limit ? true : undefined}
            aria-describedby={problems.limit ? limitProblemId : undefined}
            onChange={(e) => set({ limit: e.target.value })}
          />
          {problems.limit && (
            <p id={limitProblemId} className="field-problem" role="alert">
              {problems.limit}
            </p>
          )}
        </div>
        <div className="number-field">
          <label htmlFor={workersId}>Workers</label>
          <input
            id={workersId}
            className="input"
            type="number"
            inputMode="numeric"
            min={1}
            max={64}
            step={1}
            value={form.workers}
            placeholder={defaultWorkers === null ? 'Default' : `${defaultWorkers} (default)`}
            disabled={disabled}
            aria-invalid={problems.workers ? true : undefined}
            aria-describedby={problems.workers ? workersProblemId : undefined}
            onChange={(e) => set({ workers: e.target.value })}
          />
          {problems.workers && (
            <p id={workersProblemId} className="field-problem" role="alert">
              {problems.workers}
            </p>
          )}
        </div>
      </div>
    </section>
  );
}
