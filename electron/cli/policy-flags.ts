// A retention policy from the command line, in either of its two forms:
//   --policy "keep-last=5,daily=7,weekly=4"      (the form; "none" keeps everything)
//   --keep-last 5 --keep-daily 7 --keep-weekly 4 (one flag per rule)
// The engine parses both; a policy it refuses is bad usage here (exit 2), not a failure.
import { ContractError } from '../../shared/contract';
import type { RetentionPolicy } from '../../shared/schedule-types';
import { parsePolicy, policyFromFlags } from '../engine/app/use-cases/cleanup';
import { UsageError, type FlagName } from './args';
import type { Invocation } from './invocation';

/** The one-flag-per-rule form; kept equal to the engine's POLICY_FLAGS by a test. */
export const KEEP_RULE_FLAGS = [
  'keep-last',
  'keep-hourly',
  'keep-daily',
  'keep-weekly',
  'keep-monthly',
  'keep-yearly',
  'keep-within',
  'keep-frequent',
  'keep-moderate',
  'keep-milestone',
] as const satisfies readonly FlagName[];

/** Every flag that says something about a retention policy. */
export const RETENTION_FLAGS: readonly FlagName[] = ['policy', ...KEEP_RULE_FLAGS];

function asUsage(err: unknown): unknown {
  return err instanceof ContractError && err.code === 'bad-arguments' ? new UsageError(err.message) : err;
}

/** True when the line gives a policy in either form. */
export function hasPolicyFlags(inv: Invocation): boolean {
  return RETENTION_FLAGS.some((flag) => inv.value(flag) !== undefined);
}

/** The policy the flags give, or null when they give none. */
export function policyFromInvocation(inv: Invocation): RetentionPolicy | null {
  const text = inv.value('policy');
  const separate: Record<string, string> = {};
  for (const flag of KEEP_RULE_FLAGS) {
    const value = inv.value(flag);
    if (value !== undefined) separate[flag] = value;
  }
  const hasSeparate = Object.keys(separate).length > 0;
  if (text !== undefined && hasSeparate) {
    throw new UsageError(
      'Give the retention policy either as --policy "..." or as --keep-* flags, not both.',
    );
  }
  try {
    if (text !== undefined) return parsePolicy(text);
    return hasSeparate ? policyFromFlags(separate) : null;
  } catch (err) {
    throw asUsage(err);
  }
}

/** For policies given as words (`schedule set daily 03:00 keep-last=5`): the same errors as the flags. */
export function policyFromWords(words: readonly string[]): RetentionPolicy {
  try {
    return parsePolicy(words.join(','));
  } catch (err) {
    throw asUsage(err);
  }
}
