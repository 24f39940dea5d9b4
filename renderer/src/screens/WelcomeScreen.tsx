// First run: no library chosen yet. Open one, try the bundled demo library, or recover
// a library from a copy off this machine (a destination).
import { useState } from 'react';
import type { AppInfo, LibraryOverview } from '../../../shared/types';
import { useBridge } from '../bridge/bridge-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { JobProgress } from '../components/JobProgress';
import { PathChooser } from '../components/PathChooser';
import { useJobs } from '../hooks/jobs-context';
import { useAction } from '../hooks/useAction';
import { RecoverForm } from './welcome/RecoverForm';

interface WelcomeScreenProps {
  appInfo: AppInfo | null;
  /** An error about the remembered library (e.g. it was moved). */
  libraryError: string | null;
  onOpened(overview: LibraryOverview): void;
}

export function WelcomeScreen({ appInfo, libraryError, onOpened }: WelcomeScreenProps) {
  const bridge = useBridge();
  const { jobs } = useJobs();
  const demo = useAction(async () => onOpened(await bridge.createDemoLibrary({})));
  const creatingDemo = demo.busy;
  const [recovering, setRecovering] = useState(false);
  const demoJob = jobs.find((job) => job.kind === 'demo' && job.state === 'running') ?? null;

  return (
    <main className="welcome">
      <div className="welcome-card">
        <div className="welcome-mark" aria-hidden="true" />
        <h1>Welcome to Backbeat</h1>
        <p className="welcome-lead">
          Backbeat keeps restore points of your music library’s database, so days of audio analysis are never
          lost to a bad rescan. Choose the library database (a SQLite file) to get started.
        </p>
        <ErrorNotice message={libraryError} />
        <div className="welcome-actions">
          <PathChooser
            buttonLabel="Open library..."
            buttonClassName="button button-primary button-large"
            fieldLabel="Library path"
            submitLabel="Open"
            placeholder="/path/to/library.db"
            nativeDialogs={appInfo?.nativeDialogs ?? false}
            fieldStaysOpen
            disabled={creatingDemo}
            choose={() => bridge.chooseLibraryFile({})}
            apply={async (path) => onOpened(await bridge.setLibrary({ path }))}
          >
            <button
              type="button"
              className="button button-large"
              onClick={() => void demo.run()}
              disabled={creatingDemo}
            >
              Try the demo library
            </button>
          </PathChooser>
        </div>
        {creatingDemo && (
          <div className="welcome-progress" aria-live="polite">
            {demoJob ? <JobProgress job={demoJob} /> : <p className="muted">Creating the demo library…</p>}
          </div>
        )}
        <ErrorNotice message={demo.error} />
        {recovering ? (
          <RecoverForm onOpened={onOpened} onClose={() => setRecovering(false)} />
        ) : (
          <div className="button-row">
            <button
              type="button"
              className="button"
              disabled={creatingDemo}
              onClick={() => setRecovering(true)}
            >
              Recover from a copy...
            </button>
          </div>
        )}
      </div>
    </main>
  );
}
