// Restoring files of a snapshot: a preview (restore-plan.ts), then, when applied,
// restic restores the files that differ into a staging folder on the same filesystem
// (restore-staging.ts) and each is moved into place with one rename. A file that is
// overwritten is first hard-linked (or, where links are not possible, copied) beside
// itself as `name.before-restore-<stamp>.ext`, so at every moment the destination holds
// a whole file, old or new, and nothing is lost if the process is killed at any line.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ContractError } from '../../../shared/errors';
import type {
  RestoreFilePlanEntry,
  RestoreFilesPlan,
  RestoreFilesResult,
} from '../../../shared/repository-tools-types';
import { fsyncDir, fsyncFile } from '../fs/atomic-file';
import { isErrnoCode } from '../fs/fs-errors';
import { withRepositoryLock } from '../library/lock';
import { crashPoint } from '../runtime/crash-points';
import { throwIfCancelled, type JobContext } from '../runtime/progress';
import { libraryKey } from './repo-config';
import { repoAccess, type RepoScope } from './operations';
import { displayPathOf, findOnDisk, goLossyName } from './lossy-names';
import { asideName, makeStaging, restoreStamp, stagingGroups } from './restore-staging';
import { planRestore, type RestoreSelection } from './restore-plan';
import { runResticSerialized, type RepoAccess } from './restic-runner';
import { ensureIndexed } from './snapshot-index';
import { listLibrarySnapshots, resolveSnapshotRef } from './snapshots';

const restoreStatusSchema = z.object({
  message_type: z.literal('status'),
  bytes_restored: z.number().optional(),
});

/** restic include patterns are globs: a file's own name must not be read as one. */
export function includePattern(p: string): string {
  // U+FFFD stands for a byte that was not UTF-8 (lossy-names.ts): "?" matches that one byte.
  return p.replace(/[\\*?[]/g, '\\$&').replace(/\ufffd/g, '?');
}

type DiskPath = string | Buffer;

function dirnameOf(p: DiskPath): DiskPath {
  if (typeof p === 'string') return path.dirname(p);
  const cut = p.lastIndexOf(0x2f);
  return cut <= 0 ? Buffer.from('/') : p.subarray(0, cut);
}

/** Where a restored file goes: its exact bytes when the name is not UTF-8, else the plan's destination. */
function exactDestination(
  f: RestoreFilePlanEntry,
  to: string | null,
  staging: string,
  staged: DiskPath,
): DiskPath {
  if (typeof staged === 'string') return f.destination;
  const relative = staged.subarray(Buffer.byteLength(staging));
  return Buffer.concat([Buffer.from(to ?? ''), relative]);
}

/** Splits the files into restic runs whose --include arguments stay well inside argv limits. */
function batches(files: readonly RestoreFilePlanEntry[], maxChars = 100_000): RestoreFilePlanEntry[][] {
  const out: RestoreFilePlanEntry[][] = [];
  let current: RestoreFilePlanEntry[] = [];
  let chars = 0;
  for (const f of files) {
    const n = f.path.length + 16;
    if (current.length > 0 && chars + n > maxChars) {
      out.push(current);
      current = [];
      chars = 0;
    }
    current.push(f);
    chars += n;
  }
  if (current.length) out.push(current);
  return out;
}

type KeptAt = Pick<RestoreFilesResult['movedAside'][number], 'movedTo' | 'movedToDisplay'>;

/**
 * Where a file was kept: as restic's JSON would list it (lossy) and, for a name that
 * is not UTF-8, as the app and the CLI show it (the bytes as \xFF).
 */
function keptAt(p: DiskPath): KeptAt {
  return typeof p === 'string'
    ? { movedTo: p }
    : { movedTo: goLossyName(p), movedToDisplay: displayPathOf(p) };
}

/** Keeps the current file beside itself: a hard link (instant, no space), else a copy. */
async function keepAside(dest: DiskPath, stamp: string): Promise<KeptAt> {
  // Bytes through latin1 are one character each: the name's exact bytes survive asideName.
  for (let n = 0; ; n++) {
    const aside: DiskPath =
      typeof dest === 'string'
        ? asideName(dest, stamp, n)
        : Buffer.from(asideName(dest.toString('latin1'), stamp, n), 'latin1');
    try {
      await fs.promises.link(dest, aside);
      return keptAt(aside);
    } catch (err) {
      if (isErrnoCode(err, 'EEXIST')) continue;
      if (!isErrnoCode(err, 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'EMLINK', 'ENOSYS')) throw err;
    }
    try {
      await fs.promises.copyFile(dest, aside, fs.constants.COPYFILE_EXCL);
    } catch (err) {
      if (isErrnoCode(err, 'EEXIST')) continue;
      throw err;
    }
    await fsyncFile(aside);
    return keptAt(aside);
  }
}

/** Moves one staged file into place; returns where the previous file was kept, if there was one. */
async function place(staged: DiskPath, dest: DiskPath, stamp: string): Promise<KeptAt | null> {
  await fs.promises.mkdir(dirnameOf(dest), { recursive: true });
  let aside: KeptAt | null = null;
  try {
    await fs.promises.lstat(dest);
    aside = await keepAside(dest, stamp);
  } catch (err) {
    if (!isErrnoCode(err, 'ENOENT')) throw err;
  }
  await fs.promises.rename(staged, dest);
  await fsyncDir(dirnameOf(dest));
  return aside;
}

async function applyPlan(
  a: RepoAccess,
  plan: RestoreFilesPlan,
  ctx: JobContext,
): Promise<RestoreFilesResult> {
  const toWrite = plan.files.filter((f) => f.action !== 'identical');
  const byDest = new Map(toWrite.map((f) => [f.destination, f]));
  const totalBytes = Math.max(1, plan.bytesToWrite);
  const stamp = restoreStamp(new Date());
  const movedAside: RestoreFilesResult['movedAside'] = [];
  let bytesDone = 0;
  let written = 0;
  for (const group of stagingGroups(toWrite.map((f) => f.destination))) {
    let staging: string;
    try {
      staging = await makeStaging(group.parent);
    } catch (err) {
      throw new ContractError(
        'io',
        `Could not make a staging folder in ${group.parent} (${(err as NodeJS.ErrnoException).code ?? 'error'}); nothing was restored there.`,
      );
    }
    try {
      const files = group.destinations.map((d) => byDest.get(d)!);
      for (const batch of batches(files)) {
        const base = bytesDone;
        const args = ['restore', plan.snapshot.id, '--target', staging];
        for (const f of batch) args.push('--include', includePattern(f.path));
        await runResticSerialized(a, args, {
          signal: ctx.signal,
          onMessage: (m) => {
            const s = restoreStatusSchema.safeParse(m);
            if (!s.success || s.data.bytes_restored === undefined) return;
            const done = base + s.data.bytes_restored;
            ctx.report({
              phase: 'restore',
              label: 'Restoring from the repository',
              fraction: 0.95 * Math.min(1, done / totalBytes),
              bytesDone: done,
              bytesTotal: plan.bytesToWrite,
            });
          },
        });
        bytesDone = base + batch.reduce((n, f) => n + (f.size ?? 0), 0);
      }
      const stagedAt = new Map<RestoreFilePlanEntry, DiskPath>();
      for (const f of files) {
        const staged = findOnDisk(path.join(staging, f.path));
        const stat = staged === null ? null : await fs.promises.lstat(staged).catch(() => null);
        if (staged !== null) stagedAt.set(f, staged);
        if (!stat || (f.size !== null && stat.size !== f.size)) {
          throw new ContractError(
            'io',
            `restic did not restore ${f.path} whole; nothing of this group was moved into place.`,
          );
        }
      }
      throwIfCancelled(ctx.signal);
      // A test holds the job here (BACKBEAT_TEST_HANG_AT) to kill it with the files staged
      // and none moved yet, whatever the machine's pace.
      crashPoint('restore-files-staged');
      // From here every file is a single rename: no cancellation, so the result is whole.
      ctx.report({ phase: 'place', label: 'Moving the files into place', fraction: 0.95 });
      for (const f of files) {
        const staged = stagedAt.get(f)!;
        const dest = exactDestination(f, plan.to, staging, staged);
        const aside = await place(staged, dest, stamp);
        if (aside) {
          const display = typeof dest === 'string' ? {} : { display: displayPathOf(dest) };
          movedAside.push({ path: f.destination, ...display, ...aside });
        }
        written++;
      }
    } finally {
      await fs.promises.rm(staging, { recursive: true, force: true }).catch(() => undefined);
    }
  }
  ctx.report({ phase: 'place', label: 'Files restored', fraction: 1 });
  return { ...plan, applied: true, movedAside, written };
}

function publicPlan(plan: RestoreFilesPlan): RestoreFilesPlan {
  const { snapshot, to, files, counts, bytesToWrite } = plan;
  return { snapshot, to, files, counts, bytesToWrite };
}

/** The preview of restoring the selection from the snapshot `ref`; nothing is written. */
export async function previewRestoreFiles(
  scope: RepoScope,
  ref: string,
  sel: RestoreSelection,
  signal?: AbortSignal,
): Promise<RestoreFilesPlan> {
  const a = await repoAccess(scope);
  const snapshot = resolveSnapshotRef(
    await listLibrarySnapshots(a, libraryKey(scope.libraryPath), signal),
    ref,
  );
  await ensureIndexed(scope.dataDir, a, snapshot.id, signal);
  return publicPlan(planRestore(scope.dataDir, scope.libraryPath, snapshot, sel));
}

/** Restores the selection (planned again under the repository lock, so it is current). */
export async function applyRestoreFiles(
  scope: RepoScope,
  ref: string,
  sel: RestoreSelection,
  ctx: JobContext,
): Promise<RestoreFilesResult> {
  const a = await repoAccess(scope);
  const snapshot = resolveSnapshotRef(
    await listLibrarySnapshots(a, libraryKey(scope.libraryPath), ctx.signal),
    ref,
  );
  await ensureIndexed(scope.dataDir, a, snapshot.id, ctx.signal);
  return withRepositoryLock(scope.libraryPath, 'restoring files', async () => {
    const plan = publicPlan(planRestore(scope.dataDir, scope.libraryPath, snapshot, sel));
    return applyPlan(a, plan, ctx);
  });
}
