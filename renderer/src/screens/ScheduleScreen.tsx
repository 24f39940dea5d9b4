// Scheduled backups for the current library: when, what the cleanup keeps, how the
// routine is doing, and a preview (and run) of the cleanup.
import { useEffect, useMemo, useState } from 'react';
import type { MethodArgs } from '../../../shared/contract';
import type { RetentionPolicy } from '../../../shared/schedule-types';
import { useBridge } from '../bridge/bridge-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { useAction } from '../hooks/useAction';
import { useDebouncedValue } from '../hooks/useDebouncedValue';
import { useRemoteData } from '../hooks/useRemoteData';
import { CleanupCard } from './schedule/CleanupCard';
import {
  describeProgressTiers,
  progressTiersOf,
  rescanDraftFrom,
  tierOfProblemKey,
} from './schedule/rescan-backups-draft';
import { draftFrom, policyOf, scheduleOf, type ScheduleDraft } from './schedule/schedule-draft';
import { ScheduleForm } from './schedule/ScheduleForm';
import { OsTimerCard } from './schedule/OsTimerCard';
import { ScheduleStatus } from './schedule/ScheduleStatus';

export function ScheduleScreen() {
  const bridge = useBridge();
  const view = useRemoteData((b) => b.getSchedule({}), ['backups-changed', 'library-changed'], ['backup']);
  const [draft, setDraft] = useState<ScheduleDraft | null>(null);
  const [savedDraft, setSavedDraft] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [showProblems, setShowProblems] = useState(false);
  const [policyText, setPolicyText] = useState<string | null>(null);

  // The form starts from the saved schedule once it has loaded.
  useEffect(() => {
    if (draft === null && view.data) {
      const initial = draftFrom(view.data.config);
      setDraft(initial);
      setSavedDraft(JSON.stringify(initial));
    }
  }, [draft, view.data]);

  const schedule = draft ? scheduleOf(draft) : null;
  const policy = draft ? policyOf(draft) : null;
  const tiers = draft ? progressTiersOf(draft.rescan) : null;
  const validPolicy: RetentionPolicy | null = policy?.ok ? policy.value : null;
  const policyKey = JSON.stringify(validPolicy);
  const settledPolicyKey = useDebouncedValue(policyKey, 300);

  // The draft policy in the host's words, kept current as the user types.
  useEffect(() => {
    const settled = JSON.parse(settledPolicyKey) as RetentionPolicy | null;
    if (!settled) {
      setPolicyText(null);
      return;
    }
    let live = true;
    bridge.previewRetention({ policy: settled }).then(
      (plan) => live && setPolicyText(plan.policyText),
      () => live && setPolicyText(null),
    );
    return () => {
      live = false;
    };
  }, [bridge, settledPolicyKey]);

  const problems = useMemo(
    () => ({
      ...(schedule && !schedule.ok ? schedule.problems : {}),
      ...(policy && !policy.ok ? policy.problems : {}),
      ...(tiers && !tiers.ok ? tiers.problems : {}),
    }),
    [schedule, policy, tiers],
  );
  const dirty = draft !== null && JSON.stringify(draft) !== savedDraft;
  const saving = useAction(async (args: MethodArgs<'setSchedule'>, savedForm: ScheduleDraft) => {
    view.set(await bridge.setSchedule(args));
    setSavedDraft(JSON.stringify(savedForm));
    setSaved(true);
  });

  const save = () => {
    if (!draft || !schedule || !policy || !tiers) return;
    setSaved(false);
    saving.setError(null);
    if (!schedule.ok || !policy.ok || !tiers.ok) {
      setShowProblems(true);
      saving.setError('Some fields need fixing first.');
      return;
    }
    void saving.run(
      {
        enabled: draft.enabled,
        schedule: schedule.value,
        retention: policy.value,
        progressTiers: tiers.value,
        scope: draft.scope,
      },
      draft,
    );
  };

  return (
    <div className="screen">
      <header className="screen-header">
        <h1>Schedule</h1>
        <span className="screen-header-note">
          {view.data?.config?.enabled && view.data.scheduleText
            ? `Backing up ${view.data.scheduleText.charAt(0).toLowerCase()}${view.data.scheduleText.slice(1)}`
            : 'Automatic backups are off'}
        </span>
      </header>
      <div className="screen-body screen-scroll">
        <ErrorNotice title="The schedule could not be loaded." message={view.error} />
        {view.data === null && !view.error && (
          <p className="muted" role="status">
            Loading…
          </p>
        )}
        {view.data && <ScheduleStatus view={view.data} />}
        {view.data && <OsTimerCard savedKey={JSON.stringify(view.data.config)} />}
        {view.data && draft && (
          <ScheduleForm
            draft={draft}
            onChange={(next) => {
              setDraft(next);
              setSaved(false);
            }}
            problems={showProblems ? problems : onlyTyped(problems, draft)}
            policyText={policyText}
            savedText={{
              schedule: view.data.scheduleText,
              retention: view.data.retentionText,
              rescanBackups: describeProgressTiers(view.data.config?.progressTiers ?? null),
              rescanBackupsMode: rescanDraftFrom(view.data.config?.progressTiers ?? null).mode,
            }}
            saving={saving.busy}
            dirty={dirty}
            saveError={saving.error}
            saved={saved}
            onSave={save}
          />
        )}
        {view.data && <CleanupCard policy={validPolicy} onCleaned={view.reload} />}
      </div>
    </div>
  );
}

/** Problems are shown as soon as a field has something in it; empty fields wait for Save. */
function onlyTyped(problems: Record<string, string>, draft: ScheduleDraft): Record<string, string> {
  const typed: Record<string, string> = {};
  for (const [key, message] of Object.entries(problems)) {
    const value = typedValue(key, draft);
    if (value !== undefined && value.trim() !== '') typed[key] = message;
  }
  return typed;
}

/** What the user typed into the field a problem key names (undefined: no single field, e.g. "no tier set"). */
function typedValue(key: string, draft: ScheduleDraft): string | undefined {
  if (key === 'hours') return draft.hours;
  if (key === 'time') return draft.time;
  if (key === 'within') return draft.within;
  const rescanTier = tierOfProblemKey(key);
  if (rescanTier) return draft.rescan.every[rescanTier];
  return draft.counts[key as keyof ScheduleDraft['counts']];
}
