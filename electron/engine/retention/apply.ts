// Applying a retention policy to a backup folder: plan, then delete what no rule
// keeps (unless it is a dry run). A deletion that fails is reported and the backup
// counted as kept; it never stops the others.
import type { RetentionPolicy, RetentionResult } from '../../../shared/schedule-types';
import type { BackupListEntry } from '../../../shared/types';
import { deleteBackup, listBackups } from '../backup-store';
import { planRetention } from './plan';

export interface ApplyRetentionOptions {
  dryRun: boolean;
  now: Date;
  /** Injected in tests and simulations; default: the backup store. */
  list?: (backupDir: string) => Promise<BackupListEntry[]>;
  remove?: (backupDir: string, id: string) => Promise<void>;
}

export async function applyRetention(
  backupDir: string,
  policy: RetentionPolicy,
  options: ApplyRetentionOptions,
): Promise<RetentionResult> {
  const list = options.list ?? listBackups;
  const remove = options.remove ?? deleteBackup;
  const plan = planRetention(await list(backupDir), policy, options.now);
  const removed: BackupListEntry[] = [];
  const kept: BackupListEntry[] = [];
  const failures: RetentionResult['failures'] = [];
  for (const decision of plan.decisions) {
    if (decision.keep) {
      kept.push(decision.entry);
      continue;
    }
    if (options.dryRun) {
      removed.push(decision.entry);
      continue;
    }
    try {
      await remove(backupDir, decision.id);
      removed.push(decision.entry);
    } catch (err) {
      failures.push({ id: decision.id, error: (err as Error).message });
      kept.push(decision.entry);
    }
  }
  return {
    dryRun: options.dryRun,
    policyText: plan.policyText,
    removed,
    kept,
    decisions: plan.decisions,
    failures,
  };
}
