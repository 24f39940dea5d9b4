// The current library: where it is, its tracks by analysis state and format, and
// "Change..." to open another one.
import { useId } from 'react';
import type { AppInfo, LibraryOverview } from '../../../../shared/types';
import { useBridge } from '../../bridge/bridge-context';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PathChooser } from '../../components/PathChooser';
import { HelpTip } from '../../components/HelpTip';
import { formatBytes, formatCount, formatVariant } from '../../format';
import { GLOSSARY, layoutHelp } from '../../glossary';
import { StatTile } from './StatTile';

interface LibraryCardProps {
  overview: LibraryOverview;
  appInfo: AppInfo | null;
  /** Another library was opened. */
  onChanged(overview: LibraryOverview): void;
  onOpening(path: string | null): void;
}

export function LibraryCard({ overview, appInfo, onChanged, onOpening }: LibraryCardProps) {
  const bridge = useBridge();
  const headingId = useId();
  const pathId = useId();
  const stats = overview.stats;
  const path = stats?.libraryPath ?? overview.settings.libraryPath;

  return (
    <section className="card" aria-labelledby={headingId}>
      <div className="card-header">
        <h2 id={headingId}>Library database</h2>
        {stats && (
          <span className="card-header-note">
            {formatVariant(stats.variant)}
            <HelpTip text={layoutHelp(stats.variant)} />
          </span>
        )}
      </div>
      <p id={pathId} className="path" title={path ?? undefined}>
        {path ?? 'No library chosen'}
      </p>
      <ErrorNotice message={overview.libraryError} />
      {stats && (
        <div className="stat-grid">
          <StatTile testId="stat-tracks" label="Tracks" value={formatCount(stats.tracks)} />
          <StatTile testId="stat-analyzed" label="Analysed" value={formatCount(stats.analyzed)} />
          <StatTile testId="stat-pending" label="Pending" value={formatCount(stats.pending)} />
          <StatTile
            testId="stat-failed"
            label="Failed"
            value={formatCount(stats.failed)}
            tone={stats.failed > 0 ? 'warning' : undefined}
          />
          <StatTile
            testId="stat-beat3tower"
            label="beat3tower"
            value={formatCount(stats.beat3tower)}
            help={GLOSSARY.beat3tower}
          />
          <StatTile
            testId="stat-legacy"
            label="Legacy"
            value={formatCount(stats.legacy)}
            help={GLOSSARY.legacy}
          />
          <StatTile
            testId="stat-databaseBytes"
            label="Database size"
            value={formatBytes(stats.databaseBytes)}
          />
        </div>
      )}
      <PathChooser
        buttonLabel="Change..."
        buttonName="Change library..."
        describedBy={pathId}
        fieldLabel="Library path"
        submitLabel="Open"
        placeholder="/path/to/library.db"
        nativeDialogs={appInfo?.nativeDialogs ?? false}
        choose={() => bridge.chooseLibraryFile({})}
        apply={async (newPath) => {
          // Until the new library is open, nothing on screen may act on either one.
          onOpening(newPath);
          let opened: LibraryOverview;
          try {
            opened = await bridge.setLibrary({ path: newPath });
          } catch (err) {
            onOpening(null);
            throw err;
          }
          onChanged(opened);
        }}
      />
    </section>
  );
}
