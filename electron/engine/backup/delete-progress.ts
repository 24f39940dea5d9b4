// Deleting a list of backups as one job's work: progress per backup ("Removing 3 of
// 7"), a cancel honoured between two deletions, a deletion that fails reported without
// stopping the others, and the bytes freed. Shared by cleanup and retention, which differ
// only in how they choose what goes (removePlanned carries out either's choice).
import type { BackupListEntry } from '../../../shared/types';
import { ContractError } from '../../../shared/errors';
import type { JobContext } from '../runtime/progress';

export interface DeleteOutcome {
  removed: BackupListEntry[];
  failures: { id: string; error: string }[];
  freedBytes: number;
}

/** Sizes as listed (the `.db.gz`); unknown sizes count as 0 rather than as a guess. */
export function bytesOf(entries: readonly BackupListEntry[]): number {
  return entries.reduce((sum, e) => sum + (e.sizeBytes ?? 0), 0);
}

export async function deleteWithProgress(
  backupDir: string,
  entries: readonly BackupListEntry[],
  remove: (backupDir: string, id: string) => Promise<void>,
  ctx: JobContext | undefined,
): Promise<DeleteOutcome> {
  const out: DeleteOutcome = { removed: [], failures: [], freedBytes: 0 };
  const total = entries.length;
  for (const [i, entry] of entries.entries()) {
    // Between two deletions only: a backup is either gone or still whole.
    if (ctx?.signal.aborted) {
      throw new ContractError(
        'cancelled',
        out.removed.length === 0
          ? 'The cleanup was cancelled; nothing was removed.'
          : `The cleanup was cancelled after removing ${out.removed.length} of ${total} backups; the others are kept.`,
      );
    }
    ctx?.report({
      phase: 'remove',
      label: `Removing backup ${i + 1} of ${total}`,
      fraction: i / total,
      items: { done: i, total, perSecond: null, current: entry.name ?? entry.id },
    });
    try {
      await remove(backupDir, entry.id);
      out.removed.push(entry);
      out.freedBytes += entry.sizeBytes ?? 0;
    } catch (err) {
      out.failures.push({ id: entry.id, error: err instanceof Error ? err.message : String(err) });
    }
  }
  ctx?.report({ phase: 'done', label: `Removed ${out.removed.length} of ${total}`, fraction: 1 });
  return out;
}

/** What carrying out a pruning plan came to (cleanup's and retention's results share it). */
export interface PruneOutcome extends DeleteOutcome {
  dryRun: boolean;
  /** What stays, with any backup whose deletion failed. */
  kept: BackupListEntry[];
}

/**
 * Carries out a plan: a dry run only adds up what would go; otherwise each planned backup
 * is deleted (deleteWithProgress) and one whose deletion fails is counted as kept.
 */
export async function removePlanned(
  backupDir: string,
  plan: { kept: readonly BackupListEntry[]; planned: readonly BackupListEntry[] },
  options: {
    dryRun: boolean;
    remove: (backupDir: string, id: string) => Promise<void>;
    ctx?: JobContext | undefined;
  },
): Promise<PruneOutcome> {
  const { kept, planned } = plan;
  if (options.dryRun) {
    return {
      dryRun: true,
      removed: [...planned],
      kept: [...kept],
      failures: [],
      freedBytes: bytesOf(planned),
    };
  }
  const done = await deleteWithProgress(backupDir, planned, options.remove, options.ctx);
  const failed = new Set(done.failures.map((f) => f.id));
  return {
    dryRun: false,
    removed: done.removed,
    kept: [...kept, ...planned.filter((e) => failed.has(e.id))],
    failures: done.failures,
    freedBytes: done.freedBytes,
  };
}
