// Top level: first run shows Welcome; otherwise the sidebar and the current screen.
import { useEffect, useRef, useState } from 'react';
import type { LibraryOverview } from '../../shared/types';
import { ErrorNotice } from './components/ErrorNotice';
import { Sidebar } from './components/Sidebar';
import { useHashRoute, type Route } from './hooks/useHashRoute';
import { useRemoteData } from './hooks/useRemoteData';
import { ActivityScreen } from './screens/ActivityScreen';
import { DestinationsScreen } from './screens/DestinationsScreen';
import { LibraryScreen } from './screens/LibraryScreen';
import { RestorePointsScreen } from './screens/RestorePointsScreen';
import { RescanScreen } from './screens/RescanScreen';
import { RestorePreviewScreen } from './screens/RestorePreviewScreen';
import { ScheduleScreen } from './screens/ScheduleScreen';
import { SnapshotsScreen } from './screens/SnapshotsScreen';
import { WelcomeScreen } from './screens/WelcomeScreen';

const SCREEN_TITLES: Record<Route['screen'], string> = {
  library: 'Library',
  'restore-points': 'Restore points',
  preview: 'Restore preview',
  snapshots: 'Snapshots',
  destinations: 'Destinations',
  rescan: 'Rescan',
  schedule: 'Schedule',
  activity: 'Activity',
};

function fileName(path: string | null): string | null {
  return path ? (path.split(/[\\/]/).pop() ?? path) : null;
}

export function App() {
  const appInfo = useRemoteData((bridge) => bridge.getAppInfo({}), []);
  const overview = useRemoteData(
    (bridge) => bridge.getOverview({}),
    ['library-changed', 'backups-changed'],
    ['backup', 'restore', 'demo', 'rescan'],
  );
  const [route, navigate] = useHashRoute();
  const [selectedBackupId, setSelectedBackupId] = useState<string | null>(null);
  /** The library being switched to: shown, and every action paused, until it is open. */
  const [opening, setOpening] = useState<string | null>(null);
  const libraryPath = overview.data?.settings.libraryPath ?? null;

  useEffect(() => {
    document.title = libraryPath ? `${SCREEN_TITLES[route.screen]} — Backbeat` : 'Backbeat';
  }, [route.screen, libraryPath]);

  /** Set when a library opens: focus then moves to the Library screen's heading once it is shown. */
  const headingFocusPending = useRef(false);
  useEffect(() => {
    if (!headingFocusPending.current || route.screen !== 'library' || libraryPath === null) return;
    const heading = document.querySelector<HTMLElement>('main h1');
    if (!heading) return;
    headingFocusPending.current = false;
    // A keyboard or screen-reader user starts again from the top of the screen they landed on.
    heading.focus();
  });

  const backupFolderChanged = (next: LibraryOverview) => {
    overview.set(next);
    setSelectedBackupId(null);
  };

  // What is shown right now, read by callbacks that outlive the render they were made in.
  const shown = useRef({ libraryPath, screen: route.screen });
  shown.current = { libraryPath, screen: route.screen };

  const libraryOpened = (next: LibraryOverview) => {
    setOpening(null);
    backupFolderChanged(next);
    // An event may show the new library before the call that opened it returns; by then
    // the user may have moved on to another screen, and must not be pulled back.
    if (shown.current.libraryPath === next.settings.libraryPath && shown.current.screen !== 'library') return;
    headingFocusPending.current = true;
    navigate({ screen: 'library' });
  };

  if (overview.data === null) {
    return (
      <main className="welcome">
        <div className="welcome-card">
          {overview.error ? (
            <>
              <ErrorNotice title="Backbeat could not load the library." message={overview.error} />
              <button type="button" className="button" onClick={overview.reload}>
                Try again
              </button>
            </>
          ) : (
            <p className="muted" role="status">
              Loading…
            </p>
          )}
        </div>
      </main>
    );
  }

  if (libraryPath === null) {
    return (
      <WelcomeScreen
        appInfo={appInfo.data}
        libraryError={overview.data.libraryError}
        onOpened={libraryOpened}
      />
    );
  }

  const screen = (() => {
    switch (route.screen) {
      case 'restore-points':
        return (
          <RestorePointsScreen
            selectedId={selectedBackupId}
            onSelect={setSelectedBackupId}
            onRestore={(id) => {
              setSelectedBackupId(id);
              navigate({ screen: 'preview', backupId: id });
            }}
          />
        );
      case 'preview':
        return (
          <RestorePreviewScreen
            key={`${route.backupId}${route.undo ? ':undo' : ''}`}
            backupId={route.backupId}
            undo={route.undo === true}
            onBack={() => navigate({ screen: 'restore-points' })}
            onUndo={(safetyBackupId) => navigate({ screen: 'preview', backupId: safetyBackupId, undo: true })}
          />
        );
      case 'snapshots':
        return <SnapshotsScreen />;
      case 'destinations':
        return <DestinationsScreen />;
      case 'rescan':
        return <RescanScreen />;
      case 'schedule':
        return <ScheduleScreen />;
      case 'activity':
        return <ActivityScreen />;
      default:
        return (
          <LibraryScreen
            overview={overview.data}
            loadError={overview.error}
            appInfo={appInfo.data}
            onChanged={backupFolderChanged}
            onLibraryOpened={libraryOpened}
            onOpening={setOpening}
          />
        );
    }
  })();

  return (
    <div className="app-frame">
      {opening !== null && (
        <div className="opening-banner" role="status" aria-live="polite">
          <span className="spinner" aria-hidden="true" />
          <span>
            Opening <strong className="opening-path">{opening}</strong>… Actions are paused until it is open.
          </span>
        </div>
      )}
      {/* inert: no click, key or focus reaches the old library's screen while the new one opens. */}
      <div className="app" inert={opening !== null} aria-busy={opening !== null || undefined}>
        <Sidebar route={route} libraryName={fileName(libraryPath)} />
        <main className="content">{screen}</main>
      </div>
    </div>
  );
}
