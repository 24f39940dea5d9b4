// One snapshot of the whole library: the audio folders and a consistent copy of the
// database, stored by `restic backup` as one snapshot tagged with the library and the
// trigger. When nothing changed since the newest snapshot, no snapshot is kept and the
// result says so, answered in the cheapest way that can prove it:
//
// 1. Without restic: the walk of the paths taken now (tree-state.ts) is the one noted
//    when the library's newest snapshot was made or last found equal
//    (snapshot-unchanged-proof.ts).
// 2. restic itself: the newest snapshot is restic's parent (--parent) and
//    --skip-if-unchanged stores nothing when the trees are equal.
// 3. restic also records the folders above each path with their times (and their
//    ctime and inode: restic 0.18 internal/fs/node.go), and those change all the time
//    (the library's lock file and -wal come and go beside it; a home folder changes
//    whenever any program writes in it), so a snapshot whose only difference from the
//    newest one is those folders is forgotten again at once. Whether that is all that
//    differs is read from the backup's own item lines when they can tell
//    (snapshot-parent-compare.ts: only folders above the paths changed), else asked of
//    `restic diff` (onlyFolderTimesChanged: folder times anywhere).
//
// Each restic process opens the repository and derives its key (a third of a second or
// more), so a snapshot starts as few as it can: the caller's listing of the library's
// snapshots (taken under the library lock, while the database is being copied) serves
// as "the newest one before", and is the one kept from last time while a local
// repository's snapshots are unchanged (snapshot-listing-cache.ts); `restic unlock` runs
// only when the repository's locks/ folder holds a lock (none is left there between
// Backbeat's own runs, which are serialised); a new snapshot is described from the
// backup's own summary (restic 0.18 prints the snapshot's time as backup_start), not
// listed again. An unchanged library costs no restic process when step 1 proves it,
// else backup and forget.
//
// Before restic runs: every folder must be there (an unplugged drive would otherwise
// look like deleted files). Exit code 3 (some files unreadable) is a partial snapshot,
// reported file by file. Cancelling stops restic with SIGINT; it then stores nothing.
import fs from 'node:fs';
import path from 'node:path';
import type { SnapshotResult, SnapshotTrigger } from '../../../shared/repository-types';
import { removeQuietly } from '../fs/atomic-file';
import { sliceContext, throwIfCancelled, type JobContext } from '../runtime/progress';
import { runInWorker } from '../workers';
import { stageDatabase, stagingWorkDir, type StagedDatabase } from './db-staging';
import { assertFoldersPresent, excludeFileText } from './folders';
import type { AudioFolder } from './repo-config';
import {
  backupErrorSchema,
  backupStatusSchema,
  backupSummarySchema,
  diffChangeSchema,
  diffStatisticsSchema,
  type BackupSummary,
} from './restic-messages';
import { runResticSerialized, type RepoAccess } from './restic-runner';
import { compareWithParent } from './snapshot-parent-compare';
import { listLibrarySnapshots, type LibrarySnapshotRecord } from './snapshots';
import { snapshotEntry, snapshotTags } from './snapshot-tags';
import { provenUnchanged, recordUnchangedProof, snapshotState } from './snapshot-unchanged-proof';
import { treeState, type TreeState } from './tree-state';
import { walkDigestToNote } from './snapshot-walk-beside';

export interface TakeSnapshotOptions {
  access: RepoAccess;
  libraryPath: string;
  libraryKey: string;
  folders: readonly AudioFolder[];
  /** Where the database copy and the exclude file are staged (persists between snapshots). */
  stagingDir: string;
  name: string | null;
  trigger: SnapshotTrigger;
  /**
   * Lists the library's snapshots, oldest first, under the library lock; it runs while
   * the database is copied, and may refuse the snapshot by throwing (a name taken).
   */
  listBefore: () => Promise<readonly LibrarySnapshotRecord[]>;
  /** Told about a snapshot just made (when the backup's summary describes it), for the kept listing. */
  rememberCreated: (record: LibrarySnapshotRecord) => Promise<void>;
  ctx: JobContext;
}

const PHASES = { database: [0, 0.15], store: [0.15, 0.98], list: [0.98, 1] } as const;

function reportStatus(ctx: JobContext, message: unknown): void {
  const s = backupStatusSchema.safeParse(message);
  if (!s.success) return;
  const {
    percent_done: pct,
    bytes_done: done,
    total_bytes: total,
    files_done: files,
    total_files: allFiles,
  } = s.data;
  const current = s.data.current_files?.[0];
  ctx.report({
    phase: 'store',
    label: current ? `Storing ${path.basename(current)}` : 'Storing the audio folders',
    fraction: pct ?? 0,
    ...(done !== undefined ? { bytesDone: done } : {}),
    ...(total !== undefined ? { bytesTotal: total } : {}),
    ...(files !== undefined && allFiles !== undefined
      ? { items: { done: files, total: allFiles, perSecond: null, current: current ?? null } }
      : {}),
  });
}

/**
 * True when `restic diff` between the two snapshots finds no file, folder or other
 * entry added, removed or changed, only folders whose metadata (times) differ.
 */
async function onlyFolderTimesChanged(
  access: RepoAccess,
  from: string,
  to: string,
  signal: AbortSignal,
): Promise<boolean> {
  let stats: { added: number; removed: number } | null = null;
  let otherChange = false;
  // --metadata: without it restic diff is silent about entries whose metadata alone
  // changed, a symlink pointed elsewhere among them.
  await runResticSerialized(access, ['diff', '--metadata', from, to], {
    signal,
    onMessage: (m) => {
      const c = diffChangeSchema.safeParse(m);
      if (c.success) {
        if (!(c.data.modifier === 'U' && c.data.path.endsWith('/'))) otherChange = true;
        return;
      }
      const st = diffStatisticsSchema.safeParse(m);
      if (st.success) {
        const { added, removed } = st.data;
        stats = {
          added: added.files + added.dirs + added.others,
          removed: removed.files + removed.dirs + removed.others,
        };
      }
    },
  });
  const s = stats as { added: number; removed: number } | null;
  return s !== null && s.added === 0 && s.removed === 0 && !otherChange;
}

function messageType(m: unknown): unknown {
  return typeof m === 'object' && m !== null ? (m as { message_type?: unknown }).message_type : undefined;
}

/**
 * Where an entry's ctime is the kernel's inode change time, which nothing can set back
 * (Linux, macOS); elsewhere the proof without restic is not used.
 */
function proofPlatform(): boolean {
  return process.platform === 'linux' || process.platform === 'darwin';
}

/** False only when the repository is a local folder whose locks/ folder is empty. */
async function mayHoldLocks(repo: string): Promise<boolean> {
  try {
    return (await fs.promises.readdir(path.join(repo, 'locks'))).length > 0;
  } catch {
    return true;
  }
}

/** What the result of a snapshot that stored nothing says, with the newest snapshot. */
function unchangedResult(
  newest: LibrarySnapshotRecord['entry'],
  db: StagedDatabase,
  totals: { totalFiles: number; totalBytes: number },
): SnapshotResult {
  return {
    status: 'unchanged',
    snapshot: newest,
    unreadable: [],
    filesNew: 0,
    filesChanged: 0,
    filesUnmodified: totals.totalFiles,
    dataAdded: 0,
    totalFiles: totals.totalFiles,
    totalBytes: totals.totalBytes,
    database: { path: db.path, bytes: db.bytes, changed: db.changed },
  };
}

/**
 * The new snapshot as `restic snapshots` would list it, from the backup's summary: the
 * snapshot's time is the backup's start (restic sets both from one clock reading when no
 * --time is given); null with restic 0.17, which does not print it.
 */
function createdRecord(
  id: string,
  done: BackupSummary,
  targets: readonly string[],
  tags: string[],
): LibrarySnapshotRecord | null {
  if (done.backup_start === undefined) return null;
  const paths = [...targets].sort();
  const entry = snapshotEntry({
    id,
    short_id: id.slice(0, 8),
    time: done.backup_start,
    paths,
    tags,
    summary: done,
  });
  return { entry, paths };
}

export async function takeSnapshot(o: TakeSnapshotOptions): Promise<SnapshotResult> {
  const { ctx } = o;
  assertFoldersPresent(o.folders);
  // Locks left by a killed restic are cleared first; `restic unlock` removes only stale
  // ones (of a dead process on this host, or older than 30 minutes), never a live one.
  if (await mayHoldLocks(o.access.repo))
    await runResticSerialized(o.access, ['unlock'], { signal: ctx.signal });
  ctx.report({ phase: 'database', label: 'Copying the library database', fraction: 0 });
  // restic opening the repository, SQLite copying the database and the walk of the
  // folders, side by side; all settle before anything goes on, so nothing is left running
  // on an error. The walk comes before restic reads anything (see snapshot-unchanged-proof.ts),
  // except when there is no newest snapshot to prove against: then it only feeds the
  // note for the next snapshot and goes on beside restic (snapshot-walk-beside.ts).
  const folderPaths = o.folders.map((f) => f.path);
  const walking: Promise<TreeState | null> = proofPlatform()
    ? runInWorker('treeState', 'treeState', { paths: folderPaths }, ctx).catch(() => null)
    : Promise.resolve(null);
  const [listed, staged] = await Promise.allSettled([
    o.listBefore(),
    stageDatabase(o.libraryPath, o.stagingDir, sliceContext(ctx, ...PHASES.database)),
  ]);
  if (listed.status === 'rejected' || staged.status === 'rejected') await walking;
  if (listed.status === 'rejected') throw listed.reason;
  if (staged.status === 'rejected') throw staged.reason;
  const db = staged.value;
  const newest = listed.value[listed.value.length - 1] ?? null;
  const newestBefore = newest?.entry ?? null;
  const walkBeside = newestBefore === null;
  // Awaited here unless it goes on beside restic (and on a cancel, settled before giving up).
  const walkedBefore = !walkBeside || ctx.signal?.aborted ? await walking : null;
  throwIfCancelled(ctx.signal);

  const excludeText = excludeFileText(o.folders);
  const targets = [...folderPaths, db.path];
  const dbDigest = proofPlatform() ? treeState([db.path]).digest : null;
  const stateOf = (walkDigest: string | null): string | null =>
    proofPlatform() ? snapshotState(targets, excludeText, [walkDigest, dbDigest]) : null;
  let state = walkBeside ? null : stateOf(walkedBefore?.digest ?? null);
  if (state !== null && newestBefore !== null) {
    const proof = await provenUnchanged(o.stagingDir, o.access.repo, newestBefore.id, state);
    if (proof) {
      ctx.report({ phase: 'list', label: 'Snapshot done', fraction: 1 });
      return unchangedResult(newestBefore, db, proof);
    }
  }

  const excludeFile = path.join(stagingWorkDir(o.stagingDir), 'excludes.txt');
  const parent = compareWithParent(targets, newest?.paths ?? []);
  const args = ['backup', '--skip-if-unchanged', '--exclude-file', excludeFile];
  // --verbose=2 adds a line per file and folder (new, unchanged or modified), which is
  // what tells an unchanged library from one whose folders above merely changed times;
  // without a parent of the same paths they could not tell, and a first snapshot of
  // 30,000 files is spared 30,000 lines to print and parse.
  if (parent.canTell) args.push('--verbose=2');
  if (newestBefore !== null) args.push('--parent', newestBefore.id);
  const tags = snapshotTags(o.libraryKey, o.trigger, o.name);
  for (const tag of tags) args.push('--tag', tag);
  args.push('--', ...targets);

  const unreadable: SnapshotResult['unreadable'] = [];
  let summary: BackupSummary | null = null;
  const storeCtx = sliceContext(ctx, ...PHASES.store);
  let exitCode = 0;
  const resticStartedMs = Date.now();
  try {
    await fs.promises.writeFile(excludeFile, excludeText);
    const run = await runResticSerialized(o.access, args, {
      signal: ctx.signal,
      okCodes: [3],
      onMessage: (m) => {
        // One line per file: the common case is answered first, without the other schemas.
        if (messageType(m) === 'verbose_status') {
          parent.observe(m);
          return;
        }
        const sum = backupSummarySchema.safeParse(m);
        if (sum.success) {
          summary = sum.data;
          return;
        }
        const e = backupErrorSchema.safeParse(m);
        if (e.success) {
          unreadable.push({
            path: e.data.item ?? '(unknown)',
            reason: e.data.error?.message ?? 'unreadable',
          });
          return;
        }
        reportStatus(storeCtx, m);
      },
    });
    exitCode = run.code;
  } finally {
    await removeQuietly(excludeFile);
    // A walk beside restic settles before anything goes on, also on an error.
    const walked = await walking;
    if (walkBeside) state = stateOf(walkDigestToNote(walked, resticStartedMs));
  }
  const done = summary as BackupSummary | null;
  if (!done) throw new Error('restic finished without a summary');

  ctx.report({ phase: 'list', label: 'Reading the snapshot list', fraction: PHASES.list[0] });
  const complete = exitCode === 0 && unreadable.length === 0;
  let newId = done.snapshot_id ?? null;
  if (
    newId !== null &&
    newestBefore !== null &&
    complete &&
    done.files_new === 0 &&
    done.files_changed === 0 &&
    (parent.onlyFoldersAboveChanged() ||
      (await onlyFolderTimesChanged(o.access, newestBefore.id, newId, ctx.signal)))
  ) {
    await runResticSerialized(o.access, ['forget', newId], { signal: ctx.signal });
    newId = null;
  }
  // Only a new snapshot needs describing; an unchanged one leaves the newest as it was.
  let snapshot = newestBefore;
  if (newId !== null) {
    const record = createdRecord(newId, done, targets, tags);
    if (record) await o.rememberCreated(record);
    snapshot = record
      ? record.entry
      : ((await listLibrarySnapshots(o.access, o.libraryKey, ctx.signal)).find((s) => s.id === newId) ??
        null);
  }
  const holder = newId ?? newestBefore?.id ?? null;
  if (complete && state !== null && holder !== null) {
    const totals = { totalFiles: done.total_files_processed, totalBytes: done.total_bytes_processed };
    await recordUnchangedProof(o.stagingDir, { repo: o.access.repo, snapshotId: holder, state, ...totals });
  }
  ctx.report({ phase: 'list', label: 'Snapshot done', fraction: 1 });
  return {
    status: newId === null ? 'unchanged' : exitCode === 3 || unreadable.length > 0 ? 'partial' : 'created',
    snapshot,
    unreadable,
    filesNew: done.files_new,
    filesChanged: done.files_changed,
    filesUnmodified: done.files_unmodified,
    dataAdded: done.data_added,
    totalFiles: done.total_files_processed,
    totalBytes: done.total_bytes_processed,
    database: { path: db.path, bytes: db.bytes, changed: db.changed },
  };
}
