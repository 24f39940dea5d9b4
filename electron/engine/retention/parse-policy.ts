// The CLI's retention syntax. One string:
//   --policy "keep-last=5,daily=7,weekly=4,monthly=12,yearly=2,within=30d,frequent=3"
// or separate flags: --keep-last 5 --keep-daily 7 --keep-within 30d --keep-frequent 3.
// Keys may carry the `keep-` prefix in either form; `none` (or an empty string) is the
// empty policy, which keeps everything.
import { ContractError } from '../../../shared/errors';
import { PROGRESS_TIERS, retentionPolicySchema } from '../../../shared/schedule-types';
import type { RetentionPolicy } from '../../../shared/schedule-types';
import { describeZodIssues } from '../../../shared/zod-issues';

type CountKey = 'keepLast' | 'hourly' | 'daily' | 'weekly' | 'monthly' | 'yearly';

const COUNT_KEYS: Record<string, CountKey> = {
  last: 'keepLast',
  hourly: 'hourly',
  daily: 'daily',
  weekly: 'weekly',
  monthly: 'monthly',
  yearly: 'yearly',
};

/** Every key the syntax accepts, without the optional `keep-` prefix. */
export const POLICY_KEYS: readonly string[] = [...Object.keys(COUNT_KEYS), 'within', ...PROGRESS_TIERS];

/** Flag names for the separate-flags form: `keep-last`, `keep-daily`, ..., `keep-milestone`. */
export const POLICY_FLAGS: readonly string[] = POLICY_KEYS.map((k) => `keep-${k}`);

const SYNTAX_HELP =
  'Write a policy as comma-separated key=value pairs, e.g. "keep-last=5,daily=7,weekly=4,monthly=12,' +
  `yearly=2,within=30d,frequent=3". Keys: ${POLICY_KEYS.join(', ')}.`;

function bad(message: string): ContractError {
  return new ContractError('bad-arguments', `${message} ${SYNTAX_HELP}`);
}

function parseCount(key: string, value: string): number {
  if (!/^\d{1,6}$/.test(value)) throw bad(`"${key}" needs a whole number, not "${value}".`);
  return Number(value);
}

function applyPair(policy: RetentionPolicy, rawKey: string, value: string): void {
  const key = rawKey.toLowerCase().replace(/^keep-/, '');
  const countKey = COUNT_KEYS[key];
  if (countKey) {
    policy[countKey] = parseCount(rawKey, value);
  } else if (key === 'within') {
    policy.within = value.toLowerCase();
  } else if ((PROGRESS_TIERS as readonly string[]).includes(key)) {
    policy.tiers = { ...policy.tiers, [key]: parseCount(rawKey, value) };
  } else {
    throw bad(`Unknown retention rule "${rawKey}".`);
  }
}

function validated(policy: RetentionPolicy): RetentionPolicy {
  const parsed = retentionPolicySchema.safeParse(policy);
  if (!parsed.success) throw bad(describeZodIssues(parsed.error));
  return parsed.data;
}

export function parsePolicy(text: string): RetentionPolicy {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.toLowerCase() === 'none') return {};
  const policy: RetentionPolicy = {};
  const seen = new Set<string>();
  for (const part of trimmed.split(/[,\s]+/).filter(Boolean)) {
    const match = /^([a-z-]+)=(.+)$/i.exec(part);
    if (!match || !match[1] || !match[2]) throw bad(`"${part}" is not key=value.`);
    const key = match[1].toLowerCase().replace(/^keep-/, '');
    if (seen.has(key)) throw bad(`"${key}" is given twice.`);
    seen.add(key);
    applyPair(policy, match[1], match[2]);
  }
  return validated(policy);
}

/** Separate flags, e.g. `{ 'keep-last': '5', 'keep-daily': '7' }`; undefined values are skipped. */
export function policyFromFlags(flags: Readonly<Record<string, string | undefined>>): RetentionPolicy {
  const policy: RetentionPolicy = {};
  for (const [flag, value] of Object.entries(flags)) {
    if (value === undefined) continue;
    if (!POLICY_FLAGS.includes(flag)) throw bad(`Unknown retention flag --${flag}.`);
    applyPair(policy, flag, value);
  }
  return validated(policy);
}

/** The canonical `--policy` string for a policy (round-trips through parsePolicy). */
export function policyToText(policy: RetentionPolicy): string {
  const pairs: string[] = [];
  if (policy.keepLast !== undefined) pairs.push(`keep-last=${policy.keepLast}`);
  for (const key of ['hourly', 'daily', 'weekly', 'monthly', 'yearly'] as const) {
    if (policy[key] !== undefined) pairs.push(`${key}=${policy[key]}`);
  }
  if (policy.within !== undefined) pairs.push(`within=${policy.within}`);
  for (const tier of PROGRESS_TIERS) {
    if (policy.tiers?.[tier] !== undefined) pairs.push(`${tier}=${policy.tiers[tier]}`);
  }
  return pairs.length > 0 ? pairs.join(',') : 'none';
}
