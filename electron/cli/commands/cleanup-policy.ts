// `backbeat cleanup --policy "<policy>" [--dry-run]` (or --keep-* flags): applies a
// retention policy, under the library lock when it deletes, and shows for each kept
// backup the rules that keep it, and what would go (dry run) or went.
import type { RetentionPolicy, RetentionResult } from '../../../shared/schedule-types';
import { formatRetentionResult, policyToText, retentionOperation } from '../../engine/app/use-cases/cleanup';
import type { Invocation } from '../invocation';
import { listEntryJson } from '../json-shapes';

/** A superset of `cleanup --keep`'s {dryRun, removed, kept}, so scripts can read either. */
export function retentionJson(policy: RetentionPolicy, result: RetentionResult): unknown {
  return {
    dryRun: result.dryRun,
    policy: policyToText(policy),
    policyText: result.policyText,
    removed: result.removed.map(listEntryJson),
    kept: result.kept.map(listEntryJson),
    decisions: result.decisions.map((d) => ({
      id: d.id,
      createdAt: d.entry.createdAt,
      name: d.entry.name,
      keep: d.keep,
      reasons: d.reasons,
    })),
    failures: result.failures,
  };
}

export async function cleanupWithPolicy(inv: Invocation, policy: RetentionPolicy): Promise<number> {
  const result = await retentionOperation(inv.libraryOrNull(), inv.backupDir(), policy, {
    dryRun: inv.has('dry-run'),
    now: new Date(),
  });
  inv.result(retentionJson(policy, result), () => formatRetentionResult(result));
  // A backup that could not be deleted is still there: the run did not do what was asked.
  return result.failures.length > 0 ? 1 : 0;
}
