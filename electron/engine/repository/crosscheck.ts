// The library against its audio: tracks whose file is missing (with the newest snapshot
// that still holds it), unreadable, or changed since the newest snapshot (size or
// modification time against that snapshot's listing), and audio files in the audio
// folders that no track refers to. Reads the library, the folders and Backbeat's index;
// writes nothing but the index (each snapshot's listing, read once).
import fs from 'node:fs';
import path from 'node:path';
import type { RepoSnapshotEntry } from '../../../shared/repository-types';
import type { CrosscheckResult } from '../../../shared/repository-tools-types';
import { readTrackFiles, type TrackFile } from './library-tracks';
import { repoAccess, repositoryView, normalizeRepo, type RepoScope } from './operations';
import { libraryKey, readLibraryRepoConfig } from './repo-config';
import type { RepoAccess } from './restic-runner';
import { ensureIndexed } from './snapshot-index';
import { entriesOf, firstHolding } from './snapshot-index-query';
import { listLibrarySnapshots } from './snapshots';

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

/** The repository's snapshots of the library, or none when no repository is set up. */
async function snapshotsOf(
  scope: RepoScope,
  signal?: AbortSignal,
): Promise<{ a: RepoAccess | null; list: RepoSnapshotEntry[] }> {
  const repo = scope.repo
    ? normalizeRepo(scope.repo)
    : readLibraryRepoConfig(scope.dataDir, scope.libraryPath).repo;
  if (!repo) return { a: null, list: [] };
  const a = await repoAccess(scope);
  return { a, list: await listLibrarySnapshots(a, libraryKey(scope.libraryPath), signal) };
}

export async function crosscheckOperation(scope: RepoScope, signal?: AbortSignal): Promise<CrosscheckResult> {
  const tracks: TrackFile[] = readTrackFiles(scope.libraryPath).filter((t) => path.isAbsolute(t.filePath));
  const { a, list } = await snapshotsOf(scope, signal);
  const newest = list[list.length - 1] ?? null;
  if (a && newest) await ensureIndexed(scope.dataDir, a, newest.id, signal);

  const result: CrosscheckResult = {
    missing: [],
    unreadable: [],
    changed: [],
    unreferenced: [],
    newestSnapshot: newest,
    tracks: tracks.length,
    audioFilesSeen: 0,
  };
  const present: { t: TrackFile; p: string; stat: fs.Stats }[] = [];
  const missing: { t: TrackFile; p: string }[] = [];
  for (const t of tracks) {
    const p = path.resolve(t.filePath);
    const r = probe(p);
    if (r.kind === 'missing') missing.push({ t, p });
    else if (r.kind === 'unreadable')
      result.unreadable.push({ path: p, trackId: t.trackId, reason: r.reason });
    else present.push({ t, p, stat: r.stat });
  }

  if (newest) {
    const inSnapshot = entriesOf(
      scope.dataDir,
      newest.id,
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

  // The newest snapshot holding each missing file: newest first, indexing older ones only while some are unfound.
  const holder = new Map<string, RepoSnapshotEntry>();
  if (a) {
    let unfound = missing.map((m) => m.p);
    for (const s of [...list].reverse()) {
      if (unfound.length === 0) break;
      await ensureIndexed(scope.dataDir, a, s.id, signal);
      const found = firstHolding(scope.dataDir, [s.id], unfound);
      for (const p of found.keys()) holder.set(p, s);
      unfound = unfound.filter((p) => !found.has(p));
    }
  }
  for (const { t, p } of missing)
    result.missing.push({ path: p, trackId: t.trackId, snapshot: holder.get(p) ?? null });

  const referenced = new Set(tracks.map((t) => path.resolve(t.filePath)));
  const seen = new Map<string, number>();
  for (const f of repositoryView(scope).folders) if (f.present) audioFilesBelow(f.path, seen);
  result.audioFilesSeen = seen.size;
  for (const [p, size] of [...seen].sort((x, y) => x[0].localeCompare(y[0]))) {
    if (!referenced.has(p)) result.unreferenced.push({ path: p, size });
  }
  return result;
}
