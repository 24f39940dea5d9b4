// The schedule form's state as typed, and its conversion to the contract's shapes
// (checked with the contract's own schemas, so the sentences match the host's).
import {
  retentionDurationSchema,
  scheduleSchema,
  type RetentionPolicy,
  type Schedule,
  type ScheduleConfig,
  type ScheduleScope,
  type Weekday,
} from '../../../../shared/schedule-types';
import { firstZodIssue } from '../../../../shared/zod-issues';
import { rescanDraftFrom, type RescanBackupsDraft } from './rescan-backups-draft';

export const COUNT_KEYS = ['keepLast', 'hourly', 'daily', 'weekly', 'monthly', 'yearly'] as const;
export const TIER_KEYS = ['frequent', 'moderate', 'milestone'] as const;
export type CountKey = (typeof COUNT_KEYS)[number];
export type TierKey = (typeof TIER_KEYS)[number];

export const COUNT_LABELS: Record<CountKey, string> = {
  keepLast: 'Keep last',
  hourly: 'Hourly',
  daily: 'Daily',
  weekly: 'Weekly',
  monthly: 'Monthly',
  yearly: 'Yearly',
};

export const TIER_LABELS: Record<TierKey, string> = {
  frequent: 'Frequent',
  moderate: 'Moderate',
  milestone: 'Milestone',
};

export interface ScheduleDraft {
  enabled: boolean;
  kind: Schedule['kind'];
  hours: string;
  time: string;
  weekday: Weekday;
  counts: Record<CountKey | TierKey, string>;
  within: string;
  /** Backups during rescans (the config's progress tiers). */
  rescan: RescanBackupsDraft;
  /** Database only (the default, and what schedules saved before scopes mean) or also the audio. */
  scope: ScheduleScope;
}

export const SCOPE_LABELS: Record<ScheduleScope, string> = {
  database: 'Database only',
  'database-and-audio': 'Database and audio (repository snapshot)',
};

const text = (n: number | undefined) => (n === undefined ? '' : String(n));

export function draftFrom(config: ScheduleConfig | null): ScheduleDraft {
  const schedule = config?.schedule ?? { kind: 'daily', time: '03:00' };
  const retention = config?.retention ?? {};
  return {
    enabled: config?.enabled ?? false,
    kind: schedule.kind,
    hours: schedule.kind === 'interval' ? String(schedule.hours) : '6',
    time: schedule.kind === 'interval' ? '03:00' : schedule.time,
    weekday: schedule.kind === 'weekly' ? schedule.weekday : 'sunday',
    counts: {
      keepLast: text(retention.keepLast),
      hourly: text(retention.hourly),
      daily: text(retention.daily),
      weekly: text(retention.weekly),
      monthly: text(retention.monthly),
      yearly: text(retention.yearly),
      frequent: text(retention.tiers?.frequent),
      moderate: text(retention.tiers?.moderate),
      milestone: text(retention.tiers?.milestone),
    },
    within: retention.within ?? '',
    rescan: rescanDraftFrom(config?.progressTiers ?? null),
    scope: config?.scope ?? 'database',
  };
}

export type Checked<T> = { ok: true; value: T } | { ok: false; problems: Record<string, string> };

export function scheduleOf(draft: ScheduleDraft): Checked<Schedule> {
  const raw =
    draft.kind === 'interval'
      ? { kind: 'interval', hours: /^\d+$/.test(draft.hours.trim()) ? Number(draft.hours) : NaN }
      : draft.kind === 'daily'
        ? { kind: 'daily', time: draft.time }
        : { kind: 'weekly', weekday: draft.weekday, time: draft.time };
  const parsed = scheduleSchema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const problems: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = String(issue.path[0] ?? 'schedule');
    const message =
      key === 'hours' && Number.isNaN(raw.kind === 'interval' ? raw.hours : 0)
        ? 'The interval must be a whole number of hours.'
        : issue.message;
    problems[key] ??= message;
  }
  return { ok: false, problems };
}

function count(textValue: string, label: string): number | undefined | string {
  const t = textValue.trim();
  if (t === '') return undefined;
  if (!/^\d+$/.test(t)) return `${label} must be a whole number (or empty).`;
  const n = Number(t);
  if (n > 100_000) return `${label} can be at most 100,000.`;
  return n;
}

export function policyOf(draft: ScheduleDraft): Checked<RetentionPolicy> {
  const problems: Record<string, string> = {};
  const policy: RetentionPolicy = {};
  for (const key of COUNT_KEYS) {
    const v = count(draft.counts[key], COUNT_LABELS[key]);
    if (typeof v === 'string') problems[key] = v;
    else if (v !== undefined) policy[key] = v;
  }
  const tiers: NonNullable<RetentionPolicy['tiers']> = {};
  for (const key of TIER_KEYS) {
    const v = count(draft.counts[key], `${TIER_LABELS[key]} tier`);
    if (typeof v === 'string') problems[key] = v;
    else if (v !== undefined) tiers[key] = v;
  }
  if (Object.keys(tiers).length > 0) policy.tiers = tiers;
  const within = draft.within.trim();
  if (within !== '') {
    const parsed = retentionDurationSchema.safeParse(within);
    if (parsed.success) policy.within = parsed.data;
    else problems.within = firstZodIssue(parsed.error, 'This duration cannot be used.');
  }
  return Object.keys(problems).length > 0 ? { ok: false, problems } : { ok: true, value: policy };
}
