// The library at a glance: back up now, the database, the backup folder, and the audio.
import type { AppInfo, LibraryOverview } from '../../../shared/types';
import { ErrorNotice } from '../components/ErrorNotice';
import { AudioCard } from './library/AudioCard';
import { BackupFolderCard } from './library/BackupFolderCard';
import { BackupNowCard } from './library/BackupNowCard';
import { HealthNotice } from './library/HealthNotice';
import { LibraryCard } from './library/LibraryCard';

interface LibraryScreenProps {
  overview: LibraryOverview;
  loadError: string | null;
  appInfo: AppInfo | null;
  /** The backup folder changed. */
  onChanged(overview: LibraryOverview): void;
  /** Another library was opened (focus then goes to this screen's heading). */
  onLibraryOpened(overview: LibraryOverview): void;
  /** Another library is being opened (its path), or null when that ended without opening it. */
  onOpening(path: string | null): void;
}

export function LibraryScreen({
  overview,
  loadError,
  appInfo,
  onChanged,
  onLibraryOpened,
  onOpening,
}: LibraryScreenProps) {
  return (
    <div className="screen">
      <header className="screen-header">
        {/* Focusable by script only: focus lands here after a library opens. */}
        <h1 tabIndex={-1}>Library</h1>
      </header>
      <div className="screen-body screen-scroll">
        <ErrorNotice message={loadError} />
        {overview.stats && <HealthNotice health={overview.health} />}
        {overview.stats && <BackupNowCard overview={overview} />}
        <div className="card-columns">
          <LibraryCard
            overview={overview}
            appInfo={appInfo}
            onChanged={onLibraryOpened}
            onOpening={onOpening}
          />
          <BackupFolderCard overview={overview} appInfo={appInfo} onChanged={onChanged} />
        </div>
        {overview.stats && <AudioCard />}
      </div>
    </div>
  );
}
