// "While Backbeat is closed": one plain sentence saying whether scheduled backups
// also run when the app is not open (the OS timer), with buttons to install, update
// or remove that timer, as `backbeat schedule install | uninstall` do.
import { useEffect, useId, useState } from 'react';
import type { OsTimerView } from '../../../../shared/schedule-types';
import { useBridge } from '../../bridge/bridge-context';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Notice } from '../../components/Notice';
import { useAction } from '../../hooks/useAction';
import { useRemoteData } from '../../hooks/useRemoteData';

const TONE: Record<OsTimerView['runsWhileClosed'], 'success' | 'warning' | 'info'> = {
  yes: 'success',
  no: 'warning',
  unknown: 'info',
};

const TIMER_NAMES: Record<string, string> = {
  linux: 'a systemd user timer',
  darwin: 'a launchd agent',
  win32: 'a Task Scheduler task',
};

/** `savedKey` changes whenever the schedule is saved, so the answer is asked again. */
export function OsTimerCard({ savedKey }: { savedKey: string }) {
  const bridge = useBridge();
  const headingId = useId();
  const view = useRemoteData((b) => b.getOsTimer({}), ['library-changed']);
  const [messages, setMessages] = useState<string[]>([]);
  const reload = view.reload;

  useEffect(() => {
    setMessages([]);
    reload();
  }, [savedKey, reload]);

  const timerChange = useAction(async (action: 'install' | 'uninstall') => {
    setMessages([]);
    const change = action === 'install' ? await bridge.installOsTimer({}) : await bridge.uninstallOsTimer({});
    view.set(change.view);
    setMessages(change.messages);
    // A load that started before the change may still answer with the old state; ask once more after it.
    view.reload();
  });
  const { run: act, busy, error } = timerChange;

  const data = view.data;
  const installed = data?.status?.installed === true;
  const platform = data?.status?.platform;
  return (
    <section className="card" aria-labelledby={headingId}>
      <div className="card-header">
        <h2 id={headingId}>While Backbeat is closed</h2>
        <span className="card-header-note">
          {platform ? `Uses ${TIMER_NAMES[platform] ?? 'a system timer'}` : 'System timer'}
        </span>
      </div>
      <ErrorNotice title="Backbeat could not ask about the system timer." message={view.error} />
      {data && (
        <Notice tone={TONE[data.runsWhileClosed]}>
          <strong className="notice-title" data-testid="os-timer-headline">
            {data.headline}
          </strong>
          <div className="notice-body">{data.detail}</div>
        </Notice>
      )}
      {data?.supported && (
        <div className="button-row">
          <button
            type="button"
            className="button"
            onClick={() => void act('install')}
            disabled={busy || !data.canInstall || (installed && data.current)}
          >
            {installed && !data.current ? 'Update system timer' : 'Install system timer'}
          </button>
          <button
            type="button"
            className="button button-danger-quiet"
            onClick={() => void act('uninstall')}
            disabled={busy || !installed}
          >
            Remove system timer
          </button>
        </div>
      )}
      <ErrorNotice title="The system timer was not changed." message={error} />
      {messages.length > 0 && (
        <div role="status" className="muted notice-body">
          {messages.map((m) => (
            <div key={m}>{m}</div>
          ))}
        </div>
      )}
    </section>
  );
}
