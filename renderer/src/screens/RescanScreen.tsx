// Re-analysing the library's audio: safe mode (only tracks without analysis) or, behind
// a typed confirmation, force mode (every track, after an automatic backup).
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import type { RescanMode, RescanPlanView } from '../../../shared/rescan-types';
import type { JobInfo } from '../../../shared/types';
import { useBridge } from '../bridge/bridge-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { errorMessage } from '../errors';
import { useJobs } from '../hooks/jobs-context';
import { useDebouncedValue } from '../hooks/useDebouncedValue';
import { useStartJob } from '../hooks/useStartJob';
import { ForceRescanDialog } from './rescan/ForceRescanDialog';
import { RescanOptions, type RescanForm } from './rescan/RescanOptions';
import { RescanOutcome } from './rescan/RescanOutcome';
import { RescanPlanCard } from './rescan/RescanPlanCard';
import { RescanRunning } from './rescan/RescanRunning';

/** A whole number within bounds, undefined when empty, or a sentence saying what is wrong. */
export function parseCount(text: string, what: string, max: number): number | undefined | string {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (!/^\d+$/.test(trimmed)) return `${what} must be a whole number.`;
  const n = Number(trimmed);
  if (n < 1) return `${what} must be at least 1.`;
  if (n > max) return `${what} can be at most ${max.toLocaleString('en-US')}.`;
  return n;
}

export function RescanScreen() {
  const bridge = useBridge();
  const { jobs } = useJobs();
  const [form, setForm] = useState<RescanForm>({ mode: 'safe', retryFailed: false, limit: '', workers: '' });
  const [confirming, setConfirming] = useState(false);
  const [outcome, setOutcome] = useState<JobInfo | null>(null);
  const [plan, setPlan] = useState<RescanPlanView | null>(null);
  const [planError, setPlanError] = useState<string | null>(null);
  const [planLoading, setPlanLoading] = useState(true);
  const [planVersion, setPlanVersion] = useState(0);
  const startHintId = useId();

  const limit = parseCount(form.limit, 'The limit', 10_000_000);
  const workers = parseCount(form.workers, 'The number of workers', 64);
  const problems = {
    limit: typeof limit === 'string' ? limit : null,
    workers: typeof workers === 'string' ? workers : null,
  };
  const planArgs = useMemo(
    () => ({
      mode: form.mode,
      ...(form.mode === 'safe' && form.retryFailed ? { retryFailed: true } : {}),
      ...(typeof limit === 'number' ? { limit } : {}),
    }),
    [form.mode, form.retryFailed, limit],
  );
  const settledArgs = useDebouncedValue(planArgs, 250);

  useEffect(() => {
    let live = true;
    setPlanLoading(true);
    bridge.getRescanPlan(settledArgs).then(
      (next) => {
        if (!live) return;
        setPlan(next);
        setPlanError(null);
        setPlanLoading(false);
      },
      (err: unknown) => {
        if (!live) return;
        setPlan(null);
        setPlanError(errorMessage(err));
        setPlanLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [bridge, settledArgs, planVersion]);

  const rescan = useStartJob(
    (args: { mode: RescanMode; confirm?: string; retryFailed?: boolean; limit?: number; workers?: number }) =>
      bridge.startRescan(args),
    (job) => {
      setOutcome(job);
      setPlanVersion((v) => v + 1);
    },
  );
  const otherRescan = jobs.find(
    (job) => job.kind === 'rescan' && job.state === 'running' && job.id !== rescan.jobId,
  );
  const shownJob = rescan.job?.state === 'running' ? rescan.job : (otherRescan ?? null);
  const busy = rescan.running || otherRescan !== undefined;
  const shownPlan = plan && plan.mode === form.mode ? plan : null;
  const invalid = problems.limit !== null || problems.workers !== null;

  const start = (confirm?: string) => {
    setOutcome(null);
    void rescan.start({
      mode: form.mode,
      ...(confirm !== undefined ? { confirm } : {}),
      ...(form.mode === 'safe' && form.retryFailed ? { retryFailed: true } : {}),
      ...(typeof limit === 'number' ? { limit } : {}),
      ...(typeof workers === 'number' ? { workers } : {}),
    });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy || invalid) return;
    // No audio found: refused here, before the YES dialog (the host refuses it too).
    if (shownPlan?.blocked) return;
    // The dialog shows what would be overwritten: wait for the plan (and its audio check).
    if (form.mode === 'force' && shownPlan === null && planError === null) return;
    if (form.mode === 'force') setConfirming(true);
    else start();
  };

  return (
    <div className="screen">
      <header className="screen-header">
        <h1>Rescan</h1>
        <span className="screen-header-note">Analyse the library’s audio again</span>
      </header>
      <div className="screen-body screen-scroll">
        <form className="rescan-layout" onSubmit={submit} noValidate>
          <RescanOptions
            form={form}
            onChange={setForm}
            problems={problems}
            disabled={busy}
            defaultWorkers={plan?.defaultWorkers ?? null}
          />
          <RescanPlanCard mode={form.mode} plan={shownPlan} loading={planLoading} error={planError}>
            <div className="button-row">
              <button
                type="submit"
                className={
                  form.mode === 'force'
                    ? 'button button-danger button-large'
                    : 'button button-primary button-large'
                }
                disabled={
                  busy ||
                  invalid ||
                  (shownPlan !== null && (shownPlan.toAnalyse === 0 || shownPlan.blocked !== null))
                }
                aria-describedby={startHintId}
              >
                Start rescan
              </button>
              <span id={startHintId} className="muted">
                {busy
                  ? 'A rescan is running.'
                  : shownPlan?.blocked
                    ? 'Connect the drive with the music, then try again.'
                    : shownPlan?.toAnalyse === 0
                      ? 'Nothing to analyse in this mode.'
                      : form.mode === 'force'
                        ? 'You will be asked to confirm.'
                        : 'Tracks that already have analysis are left alone.'}
              </span>
            </div>
          </RescanPlanCard>
        </form>
        <ErrorNotice title="The rescan could not start." message={rescan.startError} />
        {shownJob && <RescanRunning job={shownJob} />}
        {!shownJob && rescan.starting && (
          <p className="muted" role="status">
            {form.mode === 'force' ? 'Making the safety backup, then starting…' : 'Starting the rescan…'}
          </p>
        )}
        <div role="status" aria-live="polite">
          {outcome && <RescanOutcome job={outcome} />}
        </div>
      </div>
      {confirming && (
        <ForceRescanDialog
          plan={shownPlan}
          onCancel={() => setConfirming(false)}
          onConfirm={(confirmation) => {
            setConfirming(false);
            start(confirmation);
          }}
        />
      )}
    </div>
  );
}
