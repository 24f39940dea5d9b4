// The heavy part of the cross-check, run in a worker (crosscheck-worker.ts) so the app's
// main thread never waits on it: the library's track paths (SQLite), a stat and open of
// every track's file, the newest snapshot's entries for them (Backbeat's index, SQLite),
// and a walk of the audio folders. Synchronous on purpose: a worker has nothing else to do.
import fs from 'node:fs';
import path from 'node:path';
import type { CrosscheckResult } from '../../../shared/repository-tools-types';
import { readTrackFiles, type TrackFile } from './library-tracks';
import { entriesOf, firstHolding } from './snapshot-index-query';

/** File endings counted as audio when looking for files no track refers to. */
export const AUDIO_EXTENSIONS: ReadonlySet<string> = new Set([
  '.mp3',
  '.flac',
  '.wav',
  '.wave',
  '.aif',
  '.aiff',
  '.aifc',
  '.m4a',
  '.m4b',
  '.mp4',
  '.aac',
  '.alac',
  '.ogg',
  '.oga',
  '.opus',
  '.wma',
  '.ape',
  '.wv',
  '.mpc',
  '.dsf',
  '.dff',
  '.mka',
  '.caf',
]);

function isAudio(name: string): boolean {
  return AUDIO_EXTENSIONS.has(path.extname(name).toLowerCase());
}

/** Every audio file below `dir` (symlinks are not followed; restore staging folders are skipped). */
function audioFilesBelow(dir: string, out: Map<string, number>): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!e.name.startsWith('.backbeat-restore-')) audioFilesBelow(p, out);
    } else if (e.isFile() && isAudio(e.name)) {
      try {
        out.set(p, fs.statSync(p).size);
      } catch {
        // gone meanwhile
      }
    }
  }
}

type Probe = { kind: 'missing' } | { kind: 'unreadable'; reason: string } | { kind: 'ok'; stat: fs.Stats };

function probe(p: string): Probe {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(p);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
    return { kind: 'unreadable', reason: `cannot be looked at (${code ?? 'error'})` };
  }
  if (!stat.isFile()) return { kind: 'unreadable', reason: 'is not a file' };
  try {
    fs.closeSync(fs.openSync(p, 'r'));
  } catch (err) {
    return {
      kind: 'unreadable',
      reason: `cannot be opened (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    };
  }
  return { kind: 'ok', stat };
}

export interface ScanArgs {
  libraryPath: string;
  dataDir: string;
  /** The newest snapshot of the library, already indexed; null when there is none. */
  newestId: string | null;
  /** The audio folders that are there, walked for files no track refers to. */
  folders: string[];
}

/** Everything of a cross-check but the snapshot holding each missing file (see holding()). */
export type ScanResult = Omit<CrosscheckResult, 'missing' | 'newestSnapshot'> & {
  missing: { path: string; trackId: string }[];
};

export function scanLibrary({ libraryPath, dataDir, newestId, folders }: ScanArgs): ScanResult {
  const tracks: TrackFile[] = readTrackFiles(libraryPath).filter((t) => path.isAbsolute(t.filePath));
  const result: ScanResult = {
    missing: [],
    unreadable: [],
    changed: [],
    unreferenced: [],
    tracks: tracks.length,
    audioFilesSeen: 0,
  };
  const present: { t: TrackFile; p: string; stat: fs.Stats }[] = [];
  for (const t of tracks) {
    const p = path.resolve(t.filePath);
    const r = probe(p);
    if (r.kind === 'missing') result.missing.push({ path: p, trackId: t.trackId });
    else if (r.kind === 'unreadable')
      result.unreadable.push({ path: p, trackId: t.trackId, reason: r.reason });
    else present.push({ t, p, stat: r.stat });
  }

  if (newestId) {
    const inSnapshot = entriesOf(
      dataDir,
      newestId,
      present.map((x) => x.p),
    );
    for (const { t, p, stat } of present) {
      const e = inSnapshot.get(p);
      if (!e || e.type !== 'file') continue;
      const snapTime = e.mtime === null ? NaN : Date.parse(e.mtime);
      if (e.size === stat.size && Math.floor(stat.mtimeMs) === snapTime) continue;
      result.changed.push({
        path: p,
        trackId: t.trackId,
        size: stat.size,
        sizeInSnapshot: e.size,
        mtime: stat.mtime.toISOString(),
        mtimeInSnapshot: e.mtime,
      });
    }
  }

  const referenced = new Set(tracks.map((t) => path.resolve(t.filePath)));
  const seen = new Map<string, number>();
  for (const f of folders) audioFilesBelow(f, seen);
  result.audioFilesSeen = seen.size;
  for (const [p, size] of [...seen].sort((x, y) => x[0].localeCompare(y[0]))) {
    if (!referenced.has(p)) result.unreferenced.push({ path: p, size });
  }
  return result;
}

/** Which of `paths` the (indexed) snapshot holds. */
export function holding({
  dataDir,
  snapshotId,
  paths,
}: {
  dataDir: string;
  snapshotId: string;
  paths: string[];
}): string[] {
  return [...firstHolding(dataDir, [snapshotId], paths).keys()];
}
