// Verifying every backup in a folder, one after the other: the CLI's `verify --all` and
// the app's "Verify all". One unreadable backup is a finding for the report, never a
// reason to stop checking the rest. As a job it is judged by how many came out ok: all
// is success, some "Partly done: 3 of 5 verified", none a failure.
import { ContractError } from '../../../shared/errors';
import type { VerifyResult } from '../../../shared/types';
import { listBackups } from './backup-store';
import type { JobVerdict } from '../runtime/jobs';
import { sliceContext, type JobContext } from '../runtime/progress';
import { verifyBackup } from './verify';

export async function verifyAllBackups(backupDir: string, ctx: JobContext): Promise<VerifyResult[]> {
  const entries = await listBackups(backupDir);
  const out: VerifyResult[] = [];
  for (const [i, entry] of entries.entries()) {
    const part = sliceContext(ctx, i / entries.length, (i + 1) / entries.length);
    try {
      out.push(await verifyBackup(backupDir, entry.id, part));
    } catch (err) {
      if (!(err instanceof ContractError) || err.code === 'cancelled') throw err;
      out.push({ id: entry.id, ok: false, problems: [err.message], checkedAt: new Date().toISOString() });
    }
  }
  return out;
}

export function verifyAllVerdict(results: readonly VerifyResult[]): JobVerdict {
  const ok = results.filter((r) => r.ok).length;
  const first = results.find((r) => !r.ok);
  return {
    tally: { done: ok, total: results.length, verb: 'verified' },
    noneDone:
      `None of the ${results.length} backups passed verification.` +
      (first ? ` The first, ${first.id}: ${first.problems[0] ?? 'problems found'}.` : ''),
  };
}
