// Retention for repository snapshots: the policy language of database retention,
// applied by restic. The preview is restic's own answer (`forget --dry-run --json`,
// restricted to the library's Backbeat-tagged snapshots, not grouped by host or
// paths so a changed folder list does not start a second history). Applying forgets
// exactly the snapshots the preview named (by id, under the repository lock, each one
// checked again for Backbeat's tags) and prunes their data, so what the user saw is
// what goes. Named snapshots and the newest one are kept on top of the policy, as
// named database backups and the safety net are.
import { z } from 'zod';
import { ContractError } from '../../../shared/errors';
import type { RetentionPolicy } from '../../../shared/schedule-types';
import type {
  SnapshotRetentionDecision,
  SnapshotRetentionPlan,
  SnapshotRetentionResult,
} from '../../../shared/snapshot-retention-types';
import { withRepositoryLock } from '../library/lock';
import { policyToText } from '../retention/parse-policy';
import { repoAccess, type RepoScope } from './operations';
import { libraryKey } from './repo-config';
import { snapshotSchema, type ResticSnapshot } from './restic-messages';
import { runResticSerialized, type RepoAccess } from './restic-runner';
import { BACKBEAT_TAG, libraryTag, snapshotEntry } from './snapshot-tags';

const forgetGroupSchema = z.object({
  keep: z.array(snapshotSchema).nullable(),
  remove: z.array(snapshotSchema).nullable(),
  reasons: z
    .array(
      z.object({
        snapshot: z.object({ id: z.string().optional() }).passthrough(),
        matches: z.array(z.string()),
      }),
    )
    .nullable()
    .optional(),
});
const forgetOutputSchema = z.array(forgetGroupSchema).nullable();

/** Our durations (`1y6m`, `2w`, `36h`) in restic's --keep-within form (y, m, d, h; no weeks). */
export function resticDuration(text: string): string {
  const totals = { y: 0, m: 0, d: 0, h: 0 };
  for (const [, n, unit] of text.matchAll(/(\d+)([hdwmy])/g)) {
    const value = Number(n);
    if (unit === 'w') totals.d += 7 * value;
    else totals[unit as keyof typeof totals] += value;
  }
  const out = (['y', 'm', 'd', 'h'] as const)
    .filter((u) => totals[u] > 0)
    .map((u) => `${totals[u]}${u}`)
    .join('');
  return out || '0h';
}

/** restic's keep options for a policy; empty when the policy keeps everything (tiers are database-only). */
export function forgetPolicyArgs(policy: RetentionPolicy): string[] {
  const args: string[] = [];
  const counts = [
    ['keep-last', policy.keepLast],
    ['keep-hourly', policy.hourly],
    ['keep-daily', policy.daily],
    ['keep-weekly', policy.weekly],
    ['keep-monthly', policy.monthly],
    ['keep-yearly', policy.yearly],
  ] as const;
  for (const [flag, n] of counts) if (n !== undefined && n > 0) args.push(`--${flag}`, String(n));
  if (policy.within !== undefined) args.push('--keep-within', resticDuration(policy.within));
  return args;
}

function isOurs(s: ResticSnapshot, key: string): boolean {
  const tags = s.tags ?? [];
  return tags.includes(BACKBEAT_TAG) && tags.includes(libraryTag(key));
}

/** The snapshots restic would forget under `policy`, and why each other one stays. */
export async function planSnapshotRetention(
  a: RepoAccess,
  key: string,
  policy: RetentionPolicy,
  signal?: AbortSignal,
): Promise<SnapshotRetentionPlan> {
  const policyText = policyToText(policy);
  const keepArgs = forgetPolicyArgs(policy);
  const opts = { collect: true, ...(signal ? { signal } : {}) };
  const tagFilter = ['--tag', `${BACKBEAT_TAG},${libraryTag(key)}`];
  let keep: ResticSnapshot[] = [];
  let remove: ResticSnapshot[] = [];
  const reasons = new Map<string, string[]>();
  if (keepArgs.length === 0) {
    // restic refuses a forget without a rule; an empty policy keeps everything anyway.
    const res = await runResticSerialized(a, ['snapshots', ...tagFilter], opts);
    keep =
      z
        .array(snapshotSchema)
        .nullable()
        .parse(res.messages[0] ?? []) ?? [];
    for (const s of keep) reasons.set(s.id, ['no policy: everything is kept']);
  } else {
    const res = await runResticSerialized(
      a,
      ['forget', '--dry-run', '--group-by', '', ...tagFilter, ...keepArgs],
      opts,
    );
    const parsed = forgetOutputSchema.safeParse(res.messages[0] ?? []);
    if (!parsed.success) {
      throw new ContractError(
        'corrupt',
        "restic's forget preview came in a form Backbeat does not understand.",
      );
    }
    for (const group of parsed.data ?? []) {
      keep.push(...(group.keep ?? []));
      remove.push(...(group.remove ?? []));
      for (const r of group.reasons ?? []) if (r.snapshot.id) reasons.set(r.snapshot.id, r.matches);
    }
  }
  // Only the library's Backbeat snapshots, whatever restic's filter let through.
  keep = keep.filter((s) => isOurs(s, key));
  remove = remove.filter((s) => isOurs(s, key));
  const all = [...keep, ...remove].sort((x, y) => y.time.localeCompare(x.time));
  const newestId = all[0]?.id;
  const removeIds = new Set(remove.map((s) => s.id));
  const decisions: SnapshotRetentionDecision[] = all.map((s) => {
    const snapshot = snapshotEntry(s);
    const why = [...(reasons.get(s.id) ?? [])];
    if (snapshot.name !== null) why.push('named');
    if (s.id === newestId) why.push('newest');
    const forgotten = removeIds.has(s.id) && snapshot.name === null && s.id !== newestId;
    return { snapshot, keep: !forgotten, reasons: forgotten ? [] : why };
  });
  return { policyText, decisions, remove: decisions.filter((d) => !d.keep).map((d) => d.snapshot.id) };
}

/** Forgets exactly `ids` (each checked again to be the library's) and prunes their data. */
async function forgetIds(
  a: RepoAccess,
  key: string,
  ids: readonly string[],
  signal?: AbortSignal,
): Promise<void> {
  if (ids.length === 0) return;
  const opts = { collect: true, ...(signal ? { signal } : {}) };
  const res = await runResticSerialized(
    a,
    ['snapshots', '--tag', `${BACKBEAT_TAG},${libraryTag(key)}`],
    opts,
  );
  const ours = new Set(
    (
      z
        .array(snapshotSchema)
        .nullable()
        .parse(res.messages[0] ?? []) ?? []
    ).map((s) => s.id),
  );
  const foreign = ids.filter((id) => !ours.has(id));
  if (foreign.length > 0) {
    throw new ContractError(
      'internal',
      `Refusing to forget ${foreign.length} snapshot(s) not tagged as this library's Backbeat snapshots; nothing was forgotten.`,
    );
  }
  await runResticSerialized(a, ['forget', '--prune', ...ids], signal ? { signal } : {});
}

/** Preview (default) or apply a policy to the library's repository snapshots. */
export async function snapshotRetentionOperation(
  scope: RepoScope,
  policy: RetentionPolicy,
  o: { apply: boolean; signal?: AbortSignal },
): Promise<SnapshotRetentionResult> {
  const a = await repoAccess(scope);
  const key = libraryKey(scope.libraryPath);
  if (!o.apply) {
    const plan = await planSnapshotRetention(a, key, policy, o.signal);
    return { ...plan, applied: false, forgotten: [] };
  }
  return withRepositoryLock(scope.libraryPath, 'forgetting old snapshots', async () => {
    // Planned again under the lock: a snapshot made since the preview changes what goes.
    const plan = await planSnapshotRetention(a, key, policy, o.signal);
    await forgetIds(a, key, plan.remove, o.signal);
    return { ...plan, applied: true, forgotten: [...plan.remove] };
  });
}
