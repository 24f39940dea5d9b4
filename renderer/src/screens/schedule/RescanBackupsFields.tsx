// "Backups during rescans": the saved tiers, and default / off / custom tiers (every
// how many analysed tracks a backup is made while a rescan runs). Part of the
// schedule form, because setSchedule saves them with the schedule.
import { useId } from 'react';
import { DEFAULT_PROGRESS_TIERS, PROGRESS_TIERS } from '../../../../shared/schedule-types';
import { InputField } from '../../components/InputField';
import { RadioChoice } from '../../components/RadioChoice';
import { GLOSSARY } from '../../glossary';
import {
  RESCAN_PROBLEM_KEY,
  RESCAN_TIER_LABELS,
  describeProgressTiers,
  rescanTierProblemKey,
  type RescanBackupsDraft,
  type RescanBackupsMode,
} from './rescan-backups-draft';

interface RescanBackupsFieldsProps {
  value: RescanBackupsDraft;
  onChange(value: RescanBackupsDraft): void;
  problems: Record<string, string>;
  /** The saved tiers in words ("Off" when none are saved). */
  savedText: string;
  /** The choice the saved tiers are; marked "saved" so no other label reads as the value in force. */
  savedMode: RescanBackupsMode;
}

const CHOICES: { mode: RescanBackupsMode; label: string; note: string }[] = [
  // Not "Default": that read as the value in force, while a library without a saved choice has them off.
  {
    mode: 'default',
    label: 'Recommended',
    note: `${describeProgressTiers(DEFAULT_PROGRESS_TIERS)} (the CLI's --rescan-backups default).`,
  },
  { mode: 'off', label: 'Off', note: 'No backups while a rescan runs.' },
  {
    mode: 'custom',
    label: 'Custom',
    note: 'Choose every how many analysed tracks each tier backs up; an empty tier is skipped.',
  },
];

export function RescanBackupsFields({
  value,
  onChange,
  problems,
  savedText,
  savedMode,
}: RescanBackupsFieldsProps) {
  const baseId = useId();
  const noteId = `${baseId}-note`;
  const groupProblemId = `${baseId}-problem`;
  // "No tier set" belongs to all three fields, so each one points at it.
  const groupProblem = value.mode === 'custom' ? problems[RESCAN_PROBLEM_KEY] : undefined;
  const setEvery = (tier: keyof RescanBackupsDraft['every'], text: string) =>
    onChange({ ...value, every: { ...value.every, [tier]: text } });

  return (
    <fieldset className="policy-fields" aria-describedby={noteId}>
      <legend>Backups during rescans</legend>
      <p className="policy-words" data-testid="rescan-backups-text">
        <span className="muted">Saved: </span>
        {savedText}
      </p>
      <div className="choice-group">
        {CHOICES.map((choice) => (
          <RadioChoice
            key={choice.mode}
            name={`${baseId}-mode`}
            checked={value.mode === choice.mode}
            onSelect={() => onChange({ ...value, mode: choice.mode })}
          >
            <span>
              {choice.label}
              {choice.mode === savedMode && <span className="badge badge-saved">saved</span>}
            </span>
            <span className="choice-note">{choice.note}</span>
          </RadioChoice>
        ))}
      </div>
      {value.mode === 'custom' && (
        <div className="number-fields rescan-tier-fields">
          {PROGRESS_TIERS.map((tier) => (
            <InputField
              key={tier}
              label={`Every (${RESCAN_TIER_LABELS[tier].toLowerCase()})`}
              min={1}
              value={value.every[tier]}
              placeholder="—"
              problem={problems[rescanTierProblemKey(tier)]}
              groupProblemId={groupProblem ? groupProblemId : null}
              onChange={(e) => setEvery(tier, e.target.value)}
            />
          ))}
        </div>
      )}
      {groupProblem && (
        <p id={groupProblemId} className="field-problem" role="alert">
          {groupProblem}
        </p>
      )}
      <p id={noteId} className="muted small">
        {GLOSSARY.rescanTiers} Made whether or not automatic backups are on, so a crash late in a long rescan
        loses little work.
      </p>
    </fieldset>
  );
}
