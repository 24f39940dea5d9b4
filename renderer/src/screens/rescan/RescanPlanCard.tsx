// What the chosen mode would do, from getRescanPlan: tracks to analyse and, in force
// mode, how much existing analysis (and how much beat3tower) would be overwritten.
import { useId, type ReactNode } from 'react';
import type { RescanMode, RescanPlanView } from '../../../../shared/rescan-types';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Notice } from '../../components/Notice';
import { formatCount, plural } from '../../format';
import { StatTile } from '../library/StatTile';

interface RescanPlanCardProps {
  mode: RescanMode;
  plan: RescanPlanView | null;
  loading: boolean;
  error: string | null;
  children: ReactNode;
}

/** What safe mode would do, in words that never claim analysis that is not there. */
export function safePlanSentence(plan: RescanPlanView): string {
  if (plan.toAnalyse > 0) {
    return `${plural(plan.toAnalyse, 'track')} without analysis will be analysed; nothing is overwritten.`;
  }
  if (plan.previouslyFailed > 0) {
    return (
      `${plural(plan.previouslyFailed, 'track')} still ${plan.previouslyFailed === 1 ? 'has' : 'have'} no analysis: ` +
      'the last attempt failed. Tick “Retry failed tracks” to try again.'
    );
  }
  return plan.totalTracks === 0 ? 'The library has no tracks.' : 'Every track already has analysis.';
}

export function RescanPlanCard({ mode, plan, loading, error, children }: RescanPlanCardProps) {
  const headingId = useId();
  return (
    <section className="card" aria-labelledby={headingId} aria-busy={loading || undefined}>
      <div className="card-header">
        <h2 id={headingId}>Plan</h2>
        <span className="card-header-note">
          {plan ? `${plural(plan.totalTracks, 'track')} in the library` : loading ? 'Counting…' : ''}
        </span>
      </div>
      <ErrorNotice title="The plan could not be worked out." message={error} />
      {plan && <ErrorNotice title="The rescan cannot start." message={plan.blocked} />}
      {plan && !plan.blocked && plan.audio.missing > 0 && (
        <Notice tone="warning">
          <strong className="notice-title">
            {formatCount(plan.audio.missing)} of the {plural(plan.audio.checked, 'audio file')} were not found
          </strong>{' '}
          {plan.audio.firstMissing ? `(first: ${plan.audio.firstMissing}). ` : ''}
          Those tracks will be reported as failed; the others are analysed.
        </Notice>
      )}
      {plan && (
        <>
          <div className="stat-grid stat-grid-4">
            <StatTile testId="plan-toAnalyse" label="To analyse" value={formatCount(plan.toAnalyse)} />
            {mode === 'force' ? (
              <>
                <StatTile
                  testId="plan-wouldOverwrite"
                  label="Would overwrite"
                  value={formatCount(plan.wouldOverwrite)}
                  tone={plan.wouldOverwrite > 0 ? 'warning' : undefined}
                />
                <StatTile
                  testId="plan-wouldOverwriteBeat3tower"
                  label="Of them beat3tower"
                  value={formatCount(plan.wouldOverwriteBeat3tower)}
                  tone={plan.wouldOverwriteBeat3tower > 0 ? 'warning' : undefined}
                />
              </>
            ) : (
              <>
                <StatTile
                  testId="plan-alreadyAnalysed"
                  label="Already analysed"
                  value={formatCount(plan.alreadyAnalysed)}
                />
                <StatTile
                  testId="plan-previouslyFailed"
                  label="Previously failed"
                  value={formatCount(plan.previouslyFailed)}
                  tone={plan.previouslyFailed > 0 ? 'warning' : undefined}
                />
              </>
            )}
            <StatTile
              testId="plan-workers"
              label="Default workers"
              value={formatCount(plan.defaultWorkers)}
            />
          </div>
          {mode === 'force' ? (
            <Notice tone="warning">
              <strong className="notice-title">
                {plural(plan.wouldOverwrite, 'track')} would be overwritten,{' '}
                {formatCount(plan.wouldOverwriteBeat3tower)} of them with beat3tower features.
              </strong>{' '}
              An automatic backup of the library is made first, so the current analysis can be restored.
            </Notice>
          ) : (
            <p className="muted" data-testid="plan-sentence">
              {safePlanSentence(plan)}
            </p>
          )}
        </>
      )}
      {children}
    </section>
  );
}
