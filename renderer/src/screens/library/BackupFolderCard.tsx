// Where restore points are written, how much room is left there, and a warning
// when they share a disk with the library (one disk failure would take both).
import { useId } from 'react';
import type { AppInfo, LibraryOverview } from '../../../../shared/types';
import { useBridge } from '../../bridge/bridge-context';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Notice } from '../../components/Notice';
import { PathChooser } from '../../components/PathChooser';
import { formatBytes } from '../../format';
import { useAction } from '../../hooks/useAction';

interface BackupFolderCardProps {
  overview: LibraryOverview;
  appInfo: AppInfo | null;
  onChanged(overview: LibraryOverview): void;
}

export function BackupFolderCard({ overview, appInfo, onChanged }: BackupFolderCardProps) {
  const bridge = useBridge();
  const headingId = useId();
  const pathId = useId();
  // No busy state here: the button goes once the default is back, and the chooser stays usable.
  const reset = useAction(async () => onChanged(await bridge.setBackupDir({ path: null })));
  const isCustom = overview.settings.backupDir !== null;

  return (
    <section className="card" aria-labelledby={headingId}>
      <div className="card-header">
        <h2 id={headingId}>Backup folder</h2>
        <span className="card-header-note">{isCustom ? 'Custom folder' : 'Default, beside the library'}</span>
      </div>
      <p id={pathId} className="path" title={overview.backupDir ?? undefined}>
        {overview.backupDir ?? 'Chosen once a library is open'}
      </p>
      <dl className="fields">
        <div className="field">
          <dt>Free space</dt>
          <dd>{formatBytes(overview.backupDirFreeBytes)}</dd>
        </div>
      </dl>
      {overview.backupDirSameDisk && (
        <Notice tone="warning">
          The backup folder is on the same disk as the library, so one disk failure would lose both. Choose a
          folder on another disk to be safe.
        </Notice>
      )}
      <PathChooser
        buttonLabel="Change..."
        buttonName="Change backup folder..."
        describedBy={pathId}
        fieldLabel="Backup folder path"
        submitLabel="Use folder"
        placeholder="/path/to/backups"
        nativeDialogs={appInfo?.nativeDialogs ?? false}
        choose={() => bridge.chooseBackupDir({})}
        apply={async (path) => onChanged(await bridge.setBackupDir({ path }))}
      >
        {isCustom && (
          <button type="button" className="button" onClick={() => void reset.run()}>
            Use default
          </button>
        )}
      </PathChooser>
      <ErrorNotice message={reset.error} />
    </section>
  );
}
