// Applying a retention policy to a backup folder: plan, then delete what no rule
// keeps (unless it is a dry run). A deletion that fails is reported and the backup
// counted as kept; it never stops the others.
import type { RetentionPolicy, RetentionResult } from '../../../shared/schedule-types';
import type { BackupListEntry } from '../../../shared/types';
import { deleteBackup, listBackups } from '../backup/backup-store';
import { removePlanned } from '../backup/delete-progress';
import type { JobContext } from '../runtime/progress';
import { planRetention } from './plan';

export interface ApplyRetentionOptions {
  dryRun: boolean;
  now: Date;
  /** Injected in tests and simulations; default: the backup store. */
  list?: (backupDir: string) => Promise<BackupListEntry[]>;
  remove?: (backupDir: string, id: string) => Promise<void>;
  /** Progress per backup removed, and a cancel honoured between two. */
  ctx?: JobContext;
}

export async function applyRetention(
  backupDir: string,
  policy: RetentionPolicy,
  options: ApplyRetentionOptions,
): Promise<RetentionResult> {
  const list = options.list ?? listBackups;
  const remove = options.remove ?? deleteBackup;
  const plan = planRetention(await list(backupDir), policy, options.now);
  const kept = plan.decisions.filter((d) => d.keep).map((d) => d.entry);
  const planned = plan.decisions.filter((d) => !d.keep).map((d) => d.entry);
  const { dryRun, ...done } = await removePlanned(backupDir, { kept, planned }, { ...options, remove });
  // The fields in the order `--json` has always printed them.
  return { dryRun, policyText: plan.policyText, decisions: plan.decisions, ...done };
}
