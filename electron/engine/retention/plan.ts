// Deciding which backups a retention policy keeps, and why. Every rule adds reasons
// to the backups it keeps; a backup with no reason goes. Nothing here deletes.
import type {
  CalendarRule,
  RetentionDecision,
  RetentionPlan,
  RetentionPolicy,
  RetentionReason,
} from '../../../shared/schedule-types';
import { PROGRESS_TIERS } from '../../../shared/schedule-types';
import type { BackupListEntry } from '../../../shared/types';
import { backupTier, hasUserName } from './backup-tier';
import { CALENDAR_RULES, calendarBucketKey } from './calendar-buckets';
import { describePolicy, isEmptyPolicy } from './describe-policy';
import { startOfWithin } from './duration';
import { mostAnalysed, newestVerified, SAFETY_NEWEST_COUNT } from './safety-net';

interface Dated {
  entry: BackupListEntry;
  at: Date;
}

function createdAtOf(entry: BackupListEntry): Date | null {
  if (entry.status !== 'ok' || !entry.createdAt) return null;
  const at = new Date(entry.createdAt);
  return Number.isNaN(at.getTime()) ? null : at;
}

function calendarReasonText(rule: CalendarRule, key: string): string {
  return rule === 'weekly' ? `weekly: newest of week ${key}` : `${rule}: newest of ${key}`;
}

/**
 * For each backup: keep or remove, and for kept ones the rules that keep it.
 * Calendar rules work like well-known backup tools: the newest backup in each local
 * hour/day/ISO week/month/year counts, for the N newest periods that have backups.
 * Backups whose metadata cannot be read are never removed.
 */
export function planRetention(
  entries: readonly BackupListEntry[],
  policy: RetentionPolicy,
  now: Date,
): RetentionPlan {
  const reasons = new Map<string, RetentionReason[]>();
  const keep = (entry: BackupListEntry, rule: RetentionReason['rule'], text: string): void => {
    const list = reasons.get(entry.id) ?? [];
    list.push({ rule, text });
    reasons.set(entry.id, list);
  };

  const dated: Dated[] = [];
  const undated: BackupListEntry[] = [];
  for (const entry of entries) {
    const at = createdAtOf(entry);
    if (at) dated.push({ entry, at });
    else undated.push(entry);
  }
  dated.sort((a, b) => b.at.getTime() - a.at.getTime() || (a.entry.id < b.entry.id ? 1 : -1));
  const newestFirst = dated.map((d) => d.entry);

  for (const entry of undated)
    keep(entry, 'unreadable-metadata', 'metadata unreadable: never removed automatically');

  // Protections the policy cannot override.
  for (const entry of newestFirst) {
    if (entry.pinned) keep(entry, 'pinned', 'pinned');
    if (hasUserName(entry)) keep(entry, 'named', `named "${entry.name}"`);
  }
  for (const entry of newestFirst.slice(0, SAFETY_NEWEST_COUNT)) {
    keep(entry, 'safety-newest', `safety: newest ${SAFETY_NEWEST_COUNT}`);
  }
  const verified = newestVerified(newestFirst);
  if (verified) keep(verified, 'safety-newest-verified', 'safety: newest verified');
  const richest = mostAnalysed(newestFirst);
  if (richest) keep(richest, 'safety-most-analysed', 'safety: most analysed tracks');

  if (isEmptyPolicy(policy)) {
    for (const entry of newestFirst) keep(entry, 'no-policy', 'no retention policy: everything is kept');
  }

  if (policy.keepLast !== undefined) {
    for (const entry of newestFirst.slice(0, policy.keepLast))
      keep(entry, 'keep-last', `keep-last ${policy.keepLast}`);
  }

  for (const rule of CALENDAR_RULES) {
    const count = policy[rule];
    if (!count) continue;
    const periods = new Set<string>();
    for (const { entry, at } of dated) {
      const key = calendarBucketKey(rule, at);
      if (periods.has(key)) continue;
      periods.add(key);
      if (periods.size > count) break;
      keep(entry, rule, calendarReasonText(rule, key));
    }
  }

  if (policy.within) {
    const since = startOfWithin(now, policy.within).getTime();
    for (const { entry, at } of dated) {
      if (at.getTime() >= since) keep(entry, 'within', `within ${policy.within}`);
    }
  }

  for (const tier of PROGRESS_TIERS) {
    const count = policy.tiers?.[tier];
    if (!count) continue;
    const ofTier = newestFirst.filter((entry) => backupTier(entry) === tier).slice(0, count);
    for (const entry of ofTier) keep(entry, 'tier', `tier ${tier}: newest ${count}`);
  }

  const decisions: RetentionDecision[] = [...newestFirst, ...undated].map((entry) => {
    const why = reasons.get(entry.id) ?? [];
    return { id: entry.id, keep: why.length > 0, reasons: why, entry };
  });
  return { policyText: describePolicy(policy), decisions };
}
