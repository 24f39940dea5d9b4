// One snapshot's files, folder by folder from Backbeat's index (restic is asked once
// per snapshot, on first use), with a search over every path in the snapshot. Files
// and folders can be chosen (checkbox, or Space on the active row), across folders
// and searches, to restore; the snapshot or the folder shown can be exported.
import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import type { RepoSnapshotEntry, SnapshotFile } from '../../../../shared/repository-types';
import { useBridge } from '../../bridge/bridge-context';
import { ErrorNotice } from '../../components/ErrorNotice';
import { errorMessage } from '../../errors';
import { formatBytes, formatCount, formatDateTime, plural } from '../../format';
import { useDebouncedValue } from '../../hooks/useDebouncedValue';
import { ExportDialog } from './ExportDialog';
import { baseName, PathCell, pathTitle, shownPath } from './PathCell';
import { RestoreFilesDialog, type RestoreRequest } from './RestoreFilesDialog';
import { VirtualRows } from './VirtualRows';
import { ListBar } from '../../components/ListBar';
import { SearchBox } from '../../components/SearchBox';

const COLUMNS = [{ label: 'Name' }, { label: 'Size', numeric: true }, { label: 'Modified' }];

/** A folder of the snapshot: its exact path, and its display form when a name in it is not UTF-8. */
interface Folder {
  path: string;
  display?: string | undefined;
}

const ROOT: Folder = { path: '/' };

/**
 * "/a/b/c" -> ["/", "/a", "/a/b", "/a/b/c"], each with its display form where a name in
 * it is not UTF-8 (the display form names the same folders, only with bytes escaped).
 */
function crumbs(f: Folder): Folder[] {
  if (f.path === '/') return [ROOT];
  const parts = f.path.split('/').filter(Boolean);
  const shown = f.display?.split('/').filter(Boolean);
  const usable = shown && shown.length === parts.length ? shown : null;
  const upTo = (names: string[], i: number) => `/${names.slice(0, i + 1).join('/')}`;
  return [
    ROOT,
    ...parts.map((_, i): Folder => {
      const p = upTo(parts, i);
      // U+FFFD: restic's stand-in for the bytes of a name that is not UTF-8.
      return usable && p.includes('\ufffd') ? { path: p, display: upTo(usable, i) } : { path: p };
    }),
  ];
}

function folderOf(f: SnapshotFile): Folder {
  return { path: f.path, display: f.display };
}

/** What was asked (a folder or a search), so rows of an older question are never shown under a newer one. */
type Listing = { asked: string; entries: SnapshotFile[]; truncated: boolean };

/** Folders bold with a ▸ before them; links say so. */
function fileClass(f: SnapshotFile): string {
  return f.type === 'dir' ? 'file-name is-dir' : 'file-name';
}

function fileLabel(f: SnapshotFile): string {
  return `${f.type === 'dir' ? '▸ ' : ''}${baseName(shownPath(f))}${f.type === 'symlink' ? ' (link)' : ''}`;
}

export function FileBrowser({ snapshot }: { snapshot: RepoSnapshotEntry | null }) {
  const bridge = useBridge();
  const headingId = useId();
  const [dir, setDir] = useState<Folder | null>(null);
  const [typed, setTyped] = useState('');
  const query = useDebouncedValue(typed.trim(), 250);
  const [listing, setListing] = useState<Listing | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [chosen, setChosen] = useState<ReadonlyMap<string, SnapshotFile>>(new Map());
  const [restoring, setRestoring] = useState<RestoreRequest | null>(null);
  const [exporting, setExporting] = useState(false);
  const id = snapshot?.id ?? null;
  const toggle = useCallback((f: SnapshotFile) => {
    setChosen((prev) => {
      const next = new Map(prev);
      if (next.has(f.path)) next.delete(f.path);
      else next.set(f.path, f);
      return next;
    });
  }, []);
  const choice = useMemo(
    () => ({
      isChosen: (f: SnapshotFile) => chosen.has(f.path),
      toggle,
      label: (f: SnapshotFile) => `Choose ${baseName(shownPath(f))}`,
    }),
    [chosen, toggle],
  );
  const dirPath = dir?.path ?? null;
  const asked = query ? `search:${query}` : `dir:${dirPath ?? ''}`;

  useEffect(() => {
    if (id === null) return;
    let live = true;
    setError(null);
    const load = async (): Promise<Listing> => {
      if (query)
        return { asked, ...(await bridge.searchSnapshotFiles({ snapshot: id, query, limit: 2000 })) };
      let at: Folder = dirPath === null ? ROOT : { path: dirPath };
      let res = await bridge.listSnapshotFiles({ snapshot: id, path: at.path });
      // First opening: skip down the chain of single folders (/home/me/Music...) to
      // where the snapshot's folders actually branch.
      while (dirPath === null && res.entries.length === 1 && res.entries[0]!.type === 'dir') {
        at = folderOf(res.entries[0]!);
        res = await bridge.listSnapshotFiles({ snapshot: id, path: at.path });
      }
      if (dirPath === null && live) setDir(at);
      // Landed deeper on the first opening: the answer is for the folder it landed on.
      return { asked: `dir:${at.path}`, entries: res.entries, truncated: false };
    };
    load().then(
      (l) => live && setListing(l),
      (err: unknown) => live && setError(errorMessage(err)),
    );
    return () => {
      live = false;
    };
  }, [bridge, id, dirPath, query, asked]);

  if (!snapshot) return <p className="muted">That snapshot is no longer in the repository.</p>;
  const here = dir ?? ROOT;
  const trail = crumbs(here);
  const current = listing !== null && listing.asked === asked;
  const rows = current ? listing.entries : [];
  const count = error
    ? ''
    : !current
      ? query
        ? 'Searching…'
        : 'Loading…'
      : query
        ? `${formatCount(rows.length)}${listing.truncated ? '+' : ''} matching`
        : `${formatCount(rows.length)} in this folder`;

  return (
    <section className="file-browser" aria-labelledby={headingId}>
      <ListBar headingId={headingId} title={`Files in ${snapshot.name ?? snapshot.shortId}`} count={count}>
        <SearchBox
          label="Search files in this snapshot"
          placeholder="Search files"
          value={typed}
          onChange={setTyped}
        />
      </ListBar>
      {!query && (
        <nav className="crumbs" aria-label="Folder">
          {trail.length > 1 && (
            <button type="button" className="button button-small" onClick={() => setDir(trail.at(-2)!)}>
              Up
            </button>
          )}
          <ol>
            {trail.map((c, i, all) => (
              <li key={c.path}>
                {i === all.length - 1 ? (
                  <span aria-current="location" className="mono" title={pathTitle(c)}>
                    {baseName(shownPath(c))}
                  </span>
                ) : (
                  <button
                    type="button"
                    className="link-button mono"
                    title={pathTitle(c)}
                    onClick={() => setDir(c)}
                  >
                    {baseName(shownPath(c))}
                  </button>
                )}
              </li>
            ))}
          </ol>
        </nav>
      )}
      <div className="selection-bar">
        <span className="muted" aria-live="polite">
          {chosen.size === 0
            ? 'Tick files or folders (or press Space on one) to restore them.'
            : `${chosenWords(chosen)} chosen`}
        </span>
        {chosen.size > 0 && (
          <button type="button" className="link-button" onClick={() => setChosen(new Map())}>
            Clear
          </button>
        )}
        <div className="selection-actions">
          <button
            type="button"
            className="button button-primary button-small"
            disabled={chosen.size === 0}
            onClick={() =>
              setRestoring({ snapshot, paths: [...chosen.keys()].sort(), what: chosenWords(chosen) })
            }
          >
            Restore...
          </button>
          <button type="button" className="button button-small" onClick={() => setExporting(true)}>
            Export...
          </button>
        </div>
      </div>
      {current && listing.truncated && (
        <p className="muted small">
          Only the first {formatCount(rows.length)} matches are shown; type more to narrow.
        </p>
      )}
      <ErrorNotice message={error} />
      <VirtualRows
        rows={rows}
        label={query ? `Files matching ${query}` : `Files in ${shownPath(here)}`}
        columns={COLUMNS}
        gridClass="file-grid"
        rowKey={(f) => f.path}
        cells={(f) => [
          query ? (
            <PathCell path={f.path} display={f.display} name={fileLabel(f)} className={fileClass(f)} />
          ) : (
            <span title={pathTitle(f)} className={fileClass(f)}>
              {fileLabel(f)}
            </span>
          ),
          f.type === 'dir' ? '' : formatBytes(f.size),
          formatDateTime(f.mtime),
        ]}
        canOpen={(f) => f.type === 'dir'}
        choice={choice}
        onOpen={(f) => {
          setTyped('');
          setDir(folderOf(f));
        }}
        empty={
          error
            ? ''
            : !current
              ? 'Reading the snapshot’s files (the first time takes longest)…'
              : query
                ? 'No file in this snapshot matches.'
                : 'This folder is empty.'
        }
      />
      {restoring && <RestoreFilesDialog request={restoring} onClose={() => setRestoring(null)} />}
      {exporting && (
        <ExportDialog
          snapshot={snapshot}
          folder={query ? null : here.path}
          folderDisplay={here.display}
          onClose={() => setExporting(false)}
        />
      )}
    </section>
  );
}

/** "2 files and 1 folder", "1 file". */
function chosenWords(chosen: ReadonlyMap<string, SnapshotFile>): string {
  const folders = [...chosen.values()].filter((f) => f.type === 'dir').length;
  const files = chosen.size - folders;
  const parts = [files > 0 ? plural(files, 'file') : '', folders > 0 ? plural(folders, 'folder') : ''];
  return parts.filter(Boolean).join(' and ');
}
