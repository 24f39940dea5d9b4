// `dest prune NAME --policy ...`: retention on a destination, in the policy language
// used everywhere else (retention/parse-policy.ts), carried out by restic `forget
// --prune` on the destination's repository. Only this library's Backbeat snapshots are
// considered (its two tags), as one group whatever their paths. A preview by default
// (restic's own `--dry-run`, so what is shown is what restic would do); --apply
// removes. The newest snapshot is always kept, as the safety net elsewhere keeps it.
// What a prune removed is remembered with the destination, so the next copy does not
// bring it back (copy.ts).
import { z } from 'zod';
import type { DestinationPruneResult, DestinationPruneSnapshot } from '../../../shared/destination-types';
import { ContractError } from '../../../shared/errors';
import type { RetentionPolicy } from '../../../shared/schedule-types';
import type { JobContext } from '../runtime/progress';
import { withRepositoryLock } from '../library/lock';
import { parseRetentionDuration } from '../retention/duration';
import { policyToText } from '../retention/parse-policy';
import { libraryKey } from '../repository/repo-config';
import { findRestic } from '../repository/restic-discovery';
import { runResticSerialized } from '../repository/restic-runner';
import { BACKBEAT_TAG, libraryTag } from '../repository/snapshot-tags';
import { destAccess, runOptions } from './dest-access';
import { findDestination, recordPrune, type DestScope } from './operations';
import { assertReachable } from './reachability';
import { sizeOrUndefined } from './size';
import { watched } from './watchdog';

/** restic's --keep-within takes y, m, d and h: weeks become days. */
function resticDuration(text: string): string {
  const p = parseRetentionDuration(text);
  const parts: [number, string][] = [
    [p.years, 'y'],
    [p.months, 'm'],
    [p.days + 7 * p.weeks, 'd'],
    [p.hours, 'h'],
  ];
  return parts
    .filter(([n]) => n > 0)
    .map(([n, u]) => `${n}${u}`)
    .join('');
}

/** The policy as restic forget's --keep-* flags; see the file comment. */
export function forgetPolicyArgs(policy: RetentionPolicy): string[] {
  if (policy.tiers && Object.values(policy.tiers).some((n) => n !== undefined)) {
    throw new ContractError(
      'bad-arguments',
      "The progress tiers (frequent, moderate, milestone) follow the library's analysis in its own backups; a destination's snapshots are pruned by keep-last, hourly, daily, weekly, monthly, yearly and within.",
    );
  }
  const args = ['--keep-last', String(Math.max(1, policy.keepLast ?? 0))];
  for (const key of ['hourly', 'daily', 'weekly', 'monthly', 'yearly'] as const) {
    const n = policy[key];
    if (n !== undefined && n > 0) args.push(`--keep-${key}`, String(n));
  }
  if (policy.within !== undefined) {
    const span = resticDuration(policy.within);
    if (span) args.push('--keep-within', span);
  }
  if (args.length === 2 && policy.keepLast === undefined) {
    throw new ContractError(
      'bad-arguments',
      'A prune needs a policy that says what to keep, e.g. --policy "keep-last=5,daily=7,weekly=4,monthly=12".',
    );
  }
  return args;
}

/** `original`: the local snapshot's id (restic copy keeps it). */
const snapSchema = z.object({ id: z.string(), time: z.string(), original: z.string().optional() });
const groupSchema = z.object({
  keep: z.array(snapSchema).nullable(),
  remove: z.array(snapSchema).nullable(),
  reasons: z.array(z.object({ snapshot: snapSchema, matches: z.array(z.string()) })).nullable(),
});
const forgetSchema = z.array(groupSchema);

function shortRecord(s: z.infer<typeof snapSchema>, reasons: string[]): DestinationPruneSnapshot {
  return { id: s.id.slice(0, 8), time: s.time, reasons };
}

export interface PruneOptions {
  name: string;
  policy: RetentionPolicy;
  apply: boolean;
  ctx: JobContext;
}

/** Under the repository lock (library/lock.ts), so no copy (copy-under-lock.ts) reads what the prune removes. */
export async function pruneDestinationOperation(
  scope: DestScope,
  o: PruneOptions,
): Promise<DestinationPruneResult> {
  const dest = findDestination(scope, o.name);
  return withRepositoryLock(scope.libraryPath, `pruning destination "${dest.name}"`, () => prune(scope, o));
}

async function prune(scope: DestScope, o: PruneOptions): Promise<DestinationPruneResult> {
  const dest = findDestination(scope, o.name);
  const keepArgs = forgetPolicyArgs(o.policy);
  const restic = await findRestic(scope.env);
  const d = await destAccess(restic, dest, scope.password, scope.destPasswordFile, scope.secrets);
  const tags = `${BACKBEAT_TAG},${libraryTag(libraryKey(scope.libraryPath))}`;
  o.ctx.report({
    phase: 'prune',
    label: o.apply ? `Removing old snapshots from "${dest.name}"` : `Planning a prune of "${dest.name}"`,
    fraction: 0,
  });
  // Watched (watchdog.ts) for refused keys and a server gone; no stop for lack of
  // progress, as restic's prune reports none while it works.
  const watch = { idleMs: null, resumable: false };
  const groups = await watched(d, 'prune', dest.options, o.ctx.signal, watch, async (wd) => {
    await assertReachable(dest.name, d.parsed, dest.options);
    const res = await runResticSerialized(
      d.access,
      [
        ...d.optionArgs,
        'forget',
        '--tag',
        tags,
        '--group-by',
        '',
        ...keepArgs,
        '--prune',
        ...(o.apply ? [] : ['--dry-run']),
      ],
      runOptions(d, { signal: wd.signal, collect: true, onWarning: wd.onWarning }),
    );
    // restic prints nothing when no snapshot matches (a destination never copied to).
    const parsed = forgetSchema.safeParse(res.messages.find((m) => Array.isArray(m)) ?? []);
    if (!parsed.success) {
      throw new ContractError(
        'corrupt',
        `restic described the prune of destination "${dest.name}" in an unknown form.`,
      );
    }
    return parsed.data;
  });
  const keep: DestinationPruneSnapshot[] = [];
  const remove: DestinationPruneSnapshot[] = [];
  for (const g of groups) {
    const why = new Map((g.reasons ?? []).map((r) => [r.snapshot.id, r.matches]));
    for (const s of g.keep ?? []) keep.push(shortRecord(s, why.get(s.id) ?? []));
    for (const s of g.remove ?? []) remove.push(shortRecord(s, []));
  }
  let size = dest.size;
  if (o.apply && remove.length > 0) {
    const measured = await sizeOrUndefined(d, o.ctx.signal);
    const removedIds = groups.flatMap((g) => (g.remove ?? []).map((s) => s.original ?? s.id));
    await recordPrune(scope, dest.name, removedIds, measured);
    if (measured !== undefined) size = measured;
  }
  o.ctx.report({ phase: 'prune', label: 'Done', fraction: 1 });
  return {
    name: dest.name,
    location: dest.location,
    applied: o.apply,
    policy: policyToText(o.policy),
    keep,
    remove,
    size,
  };
}
