// "Back up automatically", when, backups during rescans, and which backups the cleanup keeps.
import { useId, type FormEvent } from 'react';
import {
  SCHEDULE_SCOPES,
  WEEKDAYS,
  type ScheduleScope,
  type Weekday,
} from '../../../../shared/schedule-types';
import { ErrorNotice } from '../../components/ErrorNotice';
import { InputField } from '../../components/InputField';
import { Notice } from '../../components/Notice';
import { RescanBackupsFields } from './RescanBackupsFields';
import type { RescanBackupsMode } from './rescan-backups-draft';
import {
  COUNT_KEYS,
  COUNT_LABELS,
  SCOPE_LABELS,
  TIER_KEYS,
  TIER_LABELS,
  type CountKey,
  type ScheduleDraft,
  type TierKey,
} from './schedule-draft';

interface ScheduleFormProps {
  draft: ScheduleDraft;
  onChange(draft: ScheduleDraft): void;
  problems: Record<string, string>;
  /** The draft policy in the host's words (null while unknown). */
  policyText: string | null;
  savedText: {
    schedule: string | null;
    retention: string;
    rescanBackups: string;
    /** Which of the rescan-backup choices the saved tiers are. */
    rescanBackupsMode: RescanBackupsMode;
  };
  saving: boolean;
  dirty: boolean;
  saveError: string | null;
  saved: boolean;
  onSave(): void;
}

const capitalised = (day: Weekday) => day[0]!.toUpperCase() + day.slice(1);

export function ScheduleForm(props: ScheduleFormProps) {
  const { draft, onChange, problems, policyText, savedText, saving, dirty, saveError, saved, onSave } = props;
  const headingId = useId();
  const enabledId = useId();
  const kindId = useId();
  const weekdayId = useId();
  const scopeId = useId();
  const set = (patch: Partial<ScheduleDraft>) => onChange({ ...draft, ...patch });
  const setCount = (key: CountKey | TierKey, value: string) =>
    onChange({ ...draft, counts: { ...draft.counts, [key]: value } });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSave();
  };

  const countField = (key: CountKey | TierKey, label: string) => (
    <InputField
      key={key}
      label={label}
      min={0}
      value={draft.counts[key]}
      placeholder="—"
      problem={problems[key]}
      onChange={(e) => setCount(key, e.target.value)}
    />
  );

  return (
    <form className="card" aria-labelledby={headingId} onSubmit={submit} noValidate>
      <div className="card-header">
        <h2 id={headingId}>Schedule</h2>
        <span className="card-header-note">
          {savedText.schedule ? `Saved: ${savedText.schedule}` : 'No schedule saved yet'}
        </span>
      </div>
      <label className="check switch-row" htmlFor={enabledId}>
        <input
          id={enabledId}
          type="checkbox"
          role="switch"
          className="switch"
          checked={draft.enabled}
          onChange={(e) => set({ enabled: e.target.checked })}
        />
        Back up automatically
      </label>
      <div className="schedule-when">
        <div className="number-field">
          <label htmlFor={kindId}>Repeat</label>
          <select
            id={kindId}
            className="input select"
            value={draft.kind}
            onChange={(e) => set({ kind: e.target.value as ScheduleDraft['kind'] })}
          >
            <option value="interval">Every N hours</option>
            <option value="daily">Daily</option>
            <option value="weekly">Weekly</option>
          </select>
        </div>
        {draft.kind === 'interval' && (
          <InputField
            label="Every (hours)"
            min={1}
            value={draft.hours}
            problem={problems.hours}
            onChange={(e) => set({ hours: e.target.value })}
          />
        )}
        {draft.kind === 'weekly' && (
          <div className="number-field">
            <label htmlFor={weekdayId}>Day</label>
            <select
              id={weekdayId}
              className="input select"
              value={draft.weekday}
              onChange={(e) => set({ weekday: e.target.value as Weekday })}
            >
              {WEEKDAYS.map((day) => (
                <option key={day} value={day}>
                  {capitalised(day)}
                </option>
              ))}
            </select>
          </div>
        )}
        {draft.kind !== 'interval' && (
          <InputField
            label="At (HH:MM)"
            className="input input-mono"
            type="text"
            inputMode="numeric"
            maxLength={5}
            placeholder="03:00"
            value={draft.time}
            problem={problems.time}
            onChange={(e) => set({ time: e.target.value })}
          />
        )}
      </div>
      <div className="schedule-scope">
        <label htmlFor={scopeId}>What each run stores</label>
        <select
          id={scopeId}
          className="input select"
          value={draft.scope}
          onChange={(e) => set({ scope: e.target.value as ScheduleScope })}
        >
          {SCHEDULE_SCOPES.map((scope) => (
            <option key={scope} value={scope}>
              {SCOPE_LABELS[scope]}
            </option>
          ))}
        </select>
        <p className="muted small">
          {draft.scope === 'database-and-audio'
            ? 'After each database backup, a snapshot of the database and the audio folders goes into the repository and is copied to every destination. Without a repository, the database backup is still made and the status says why the snapshot was not.'
            : 'Only the library database is backed up. Choose “Database and audio” to also snapshot the audio folders into the repository.'}
        </p>
      </div>
      <RescanBackupsFields
        value={draft.rescan}
        onChange={(rescan) => set({ rescan })}
        problems={problems}
        savedText={savedText.rescanBackups}
        savedMode={savedText.rescanBackupsMode}
      />
      <fieldset className="policy-fields">
        <legend>Keep backups (cleanup)</legend>
        <div className="number-fields">{COUNT_KEYS.map((key) => countField(key, COUNT_LABELS[key]))}</div>
        <div className="number-fields">
          <InputField
            label="Within"
            className="input input-mono"
            type="text"
            value={draft.within}
            placeholder="e.g. 30d"
            maxLength={40}
            spellCheck={false}
            problem={problems.within}
            onChange={(e) => set({ within: e.target.value })}
          />
          {TIER_KEYS.map((key) => countField(key, `${TIER_LABELS[key]} tier`))}
        </div>
        <p className="muted small">
          Empty fields do not count. A backup is kept when any rule keeps it; pinned and named backups are
          always kept. “Within” is like 30d, 12h, 6w, 3m or 1y. The three tier fields keep that many of the
          newest backups made during rescans by each tier (see “Backups during rescans” above).
        </p>
      </fieldset>
      <p className="policy-words" data-testid="policy-text">
        <span className="muted">Policy: </span>
        {policyText ?? savedText.retention}
      </p>
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={saving}>
          Save schedule
        </button>
        {dirty && <span className="muted">Unsaved changes</span>}
      </div>
      <ErrorNotice title="The schedule could not be saved." message={saveError} />
      <div role="status">{saved && !dirty && <Notice tone="success">Schedule saved.</Notice>}</div>
    </form>
  );
}
