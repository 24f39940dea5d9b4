// Which kinds of change a restore writes: a checkbox per kind with its count, and what
// is kept said plainly. Fills and replaces are chosen by default; downgrades and erases
// would lose analysis the library has, so they are written only when ticked.
import { useId } from 'react';
import { RESTORE_KINDS, RESTORE_KIND_HELP, type RestoreKind } from '../../../../shared/restore-kinds';
import type { RestorePreviewSummary } from '../../../../shared/types';
import { formatCount, plural } from '../../format';

export const KIND_LABELS: Record<RestoreKind, string> = {
  fills: 'Fills',
  replaces: 'Replaces',
  downgrades: 'Downgrades',
  erases: 'Erases',
};

/** Sentences about what the chosen kinds leave as it is (empty when nothing is kept). */
export function keptSentences(summary: RestorePreviewSummary, include: readonly RestoreKind[]): string[] {
  const out: string[] = [];
  const since = summary.analysedSinceBackup;
  if (summary.erases > 0 && !include.includes('erases')) {
    out.push(
      since.erases === summary.erases
        ? `${plural(summary.erases, 'track')} analysed since this backup keep their analysis.`
        : `${plural(summary.erases, 'track')} keep analysis the backup lacks (${formatCount(since.erases)} analysed since this backup).`,
    );
  }
  if (summary.downgrades > 0 && !include.includes('downgrades')) {
    out.push(
      `${plural(summary.downgrades, 'track')} keep their beat3tower analysis (the backup has only legacy).`,
    );
  }
  for (const kind of ['fills', 'replaces'] as const) {
    if (summary[kind] > 0 && !include.includes(kind)) {
      out.push(`${plural(summary[kind], 'track')} (${kind}) stay as they are: not chosen.`);
    }
  }
  if (summary.erases > 0 && include.includes('erases')) {
    out.push(`${plural(summary.erases, 'track')} will lose their analysis: the backup has none for them.`);
  }
  return out;
}

interface KindChoiceProps {
  summary: RestorePreviewSummary;
  include: readonly RestoreKind[];
  onChange(include: RestoreKind[]): void;
  disabled: boolean;
}

export function KindChoice({ summary, include, onChange, disabled }: KindChoiceProps) {
  const keptId = useId();
  const toggle = (kind: RestoreKind, on: boolean) =>
    onChange(RESTORE_KINDS.filter((k) => (k === kind ? on : include.includes(k))));
  const kept = keptSentences(summary, include);
  return (
    <fieldset className="kind-choice" aria-describedby={kept.length > 0 ? keptId : undefined}>
      <legend>What to restore</legend>
      <div className="kind-options">
        {RESTORE_KINDS.map((kind) => (
          <label key={kind} className="kind-option" title={RESTORE_KIND_HELP[kind]}>
            <input
              type="checkbox"
              checked={include.includes(kind)}
              disabled={disabled}
              onChange={(e) => toggle(kind, e.target.checked)}
            />
            <span className="kind-name">
              {KIND_LABELS[kind]}{' '}
              <span className="kind-count" data-testid={`kind-count-${kind}`}>
                {formatCount(summary[kind])}
              </span>
            </span>
            <span className="kind-help">{RESTORE_KIND_HELP[kind]}</span>
          </label>
        ))}
      </div>
      {kept.length > 0 && (
        <ul id={keptId} className="kind-kept" data-testid="kind-kept">
          {kept.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
