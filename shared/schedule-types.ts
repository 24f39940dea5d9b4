// Vocabulary for backups that keep coming: schedules, retention policies, the last
// run, health and status. Types and zod schemas only, so the lead can wire them into
// the contract (see the proposal at the end of this file).
import { z } from 'zod';
import type { BackupListEntry, BackupTrigger } from './types';

// ---- Schedules ----------------------------------------------------------------

/** Local wall-clock time, 24-hour `HH:MM`. */
export const timeOfDaySchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A time must be HH:MM on a 24-hour clock, e.g. 03:00.');

/** Day names instead of numbers: 0 = Sunday (JS) and 1 = Monday (ISO) are too easy to mix up. */
export const WEEKDAYS = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const weekdaySchema = z.enum(WEEKDAYS);

export const MAX_INTERVAL_HOURS = 24 * 30;

export const scheduleSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('interval'),
      hours: z
        .number()
        .int('The interval must be a whole number of hours.')
        .min(1, 'The interval must be at least 1 hour.')
        .max(MAX_INTERVAL_HOURS, `The interval can be at most ${MAX_INTERVAL_HOURS} hours.`),
    })
    .strict(),
  z.object({ kind: z.literal('daily'), time: timeOfDaySchema }).strict(),
  z.object({ kind: z.literal('weekly'), weekday: weekdaySchema, time: timeOfDaySchema }).strict(),
]);
export type Schedule = z.infer<typeof scheduleSchema>;

/** Backups during a rescan, every N analysed tracks; a tier name tags each such backup. */
export const PROGRESS_TIERS = ['frequent', 'moderate', 'milestone'] as const;
export type ProgressTier = (typeof PROGRESS_TIERS)[number];
export const progressTierSchema = z.enum(PROGRESS_TIERS);

const everySchema = z.number().int().min(1).max(1_000_000);
/** Every how many analysed tracks each tier fires; a missing tier never fires. */
export const progressTiersSchema = z
  .object({
    frequent: everySchema.optional(),
    moderate: everySchema.optional(),
    milestone: everySchema.optional(),
  })
  .strict();
export type ProgressTiers = z.infer<typeof progressTiersSchema>;

export const DEFAULT_PROGRESS_TIERS: ProgressTiers = { frequent: 25, moderate: 100, milestone: 500 };

/**
 * What a scheduled run stores: the database backup only (the default, and what every
 * schedule saved before scopes existed means), or also a repository snapshot of the
 * database with the audio folders.
 */
export const SCHEDULE_SCOPES = ['database', 'database-and-audio'] as const;
export type ScheduleScope = (typeof SCHEDULE_SCOPES)[number];
export const scheduleScopeSchema = z.enum(SCHEDULE_SCOPES);
export const DEFAULT_SCHEDULE_SCOPE: ScheduleScope = 'database';

/** A scheduled `restic check`: every N days after a scheduled snapshot, reading a sample of the data. */
export const scheduledCheckSchema = z
  .object({
    everyDays: z
      .number()
      .int('Check every whole number of days.')
      .min(1, 'Check at most once a day.')
      .max(365, 'Check at least once a year.'),
    /** 0: the structure only. */
    readDataPercent: z.number().min(0).max(100),
  })
  .strict();
export type ScheduledCheck = z.infer<typeof scheduledCheckSchema>;

// ---- Retention ----------------------------------------------------------------

/**
 * A span counted back from now: one or more `<number><unit>` with h(ours), d(ays),
 * w(eeks), m(onths), y(ears), e.g. `30d`, `1y6m`, `12h`.
 */
export const retentionDurationSchema = z
  .string()
  .regex(/^(\d{1,5}[hdwmy])+$/, 'A duration is like 30d, 12h, 6w, 3m or 1y (m is months).')
  .refine((s) => /[1-9]/.test(s), 'A duration must be longer than zero.');

const countSchema = z.number().int().min(0).max(100_000);

/**
 * Each rule names backups to keep; a backup is kept when any rule keeps it. An
 * empty policy keeps everything. Pinned, named and the safety net are kept on top.
 */
export const retentionPolicySchema = z
  .object({
    keepLast: countSchema.optional(),
    hourly: countSchema.optional(),
    daily: countSchema.optional(),
    weekly: countSchema.optional(),
    monthly: countSchema.optional(),
    yearly: countSchema.optional(),
    within: retentionDurationSchema.optional(),
    tiers: z
      .object({
        frequent: countSchema.optional(),
        moderate: countSchema.optional(),
        milestone: countSchema.optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type RetentionPolicy = z.infer<typeof retentionPolicySchema>;

export type CalendarRule = 'hourly' | 'daily' | 'weekly' | 'monthly' | 'yearly';

/** Why a backup is kept (or, for `remove`, that no rule kept it). */
export type RetentionRule =
  | 'pinned'
  | 'named'
  | 'unreadable-metadata'
  | 'safety-newest'
  | 'safety-newest-verified'
  | 'safety-most-analysed'
  | 'no-policy'
  | 'keep-last'
  | CalendarRule
  | 'within'
  | 'tier';

export interface RetentionReason {
  rule: RetentionRule;
  /** Words for the preview, e.g. "safety: newest 3" or "daily: newest of 2024-03-05". */
  text: string;
}

export interface RetentionDecision {
  id: string;
  keep: boolean;
  /** Empty when the backup would be removed. */
  reasons: RetentionReason[];
  entry: BackupListEntry;
}

export interface RetentionPlan {
  policyText: string;
  /** Newest first. */
  decisions: RetentionDecision[];
}

/** A superset of CleanupResult, so the existing cleanup UI can show it. */
export interface RetentionResult {
  dryRun: boolean;
  policyText: string;
  removed: BackupListEntry[];
  kept: BackupListEntry[];
  decisions: RetentionDecision[];
  /** Deletions that failed; those backups are still there. */
  failures: { id: string; error: string }[];
  /** Bytes of the removed backups' files (what a dry run would free). */
  freedBytes?: number;
}

// ---- Runs and persisted state -------------------------------------------------

export type RunStatus = 'succeeded' | 'failed';

/** What started a run: the schedule (start, periodic check, wake, OS timer), the user, or a rescan. */
export type RunReason = 'start' | 'tick' | 'wake' | 'os-timer' | 'manual' | 'progress';

export const lastRunSchema = z
  .object({
    time: z.string(),
    finishedAt: z.string(),
    status: z.enum(['succeeded', 'failed']),
    reason: z.enum(['start', 'tick', 'wake', 'os-timer', 'manual', 'progress']),
    sizeBytes: z.number().nullable(),
    error: z.string().nullable(),
    backupId: z.string().nullable(),
  })
  .strict();
export type LastRun = z.infer<typeof lastRunSchema>;

export const lastRetentionSchema = z
  .object({ at: z.string(), removed: z.array(z.string()), error: z.string().nullable() })
  .strict();
export type LastRetention = z.infer<typeof lastRetentionSchema>;

/** The repository part of a "database and audio" run (never silent: a failure is kept for health). */
export const lastSnapshotRunSchema = z
  .object({
    at: z.string(),
    status: z.enum(['created', 'unchanged', 'partial', 'failed']),
    snapshotId: z.string().nullable(),
    error: z.string().nullable(),
    /** Repository snapshots forgotten by the schedule's snapshot policy after this run. */
    forgotten: z.array(z.string()).optional(),
    forgetError: z.string().nullable().optional(),
    /**
     * Refused because another job held the repository (a long copy): owed, so the app's
     * next copy-loop look or the OS timer's next firing makes it. Absent: not refused.
     */
    busy: z.boolean().optional(),
  })
  .strict();
export type LastSnapshotRun = z.infer<typeof lastSnapshotRunSchema>;

export const SCHEDULE_STATE_FORMAT = 1;

/** Written by whoever ran the backup (app or OS timer), one file per library. */
export const scheduleStateSchema = z
  .object({
    formatVersion: z.literal(SCHEDULE_STATE_FORMAT),
    libraryPath: z.string(),
    lastRun: lastRunSchema.nullable(),
    lastSuccess: lastRunSchema.nullable(),
    lastRetention: lastRetentionSchema.nullable(),
    /** Absent in files written before scopes: as if no snapshot was ever scheduled. */
    lastSnapshot: lastSnapshotRunSchema.nullable().optional(),
  })
  .strict();
export type ScheduleState = z.infer<typeof scheduleStateSchema>;

/** What the user chose for one library; read by the app's scheduler and by `backbeat schedule run`. */
export const scheduleConfigSchema = z
  .object({
    formatVersion: z.literal(SCHEDULE_STATE_FORMAT),
    libraryPath: z.string(),
    enabled: z.boolean(),
    schedule: scheduleSchema,
    retention: retentionPolicySchema,
    /** Null: the default folder beside the library. */
    backupDir: z.string().nullable(),
    progressTiers: progressTiersSchema.nullable(),
    /** Warn when the newest backup is older than this; null: twice the schedule's interval. */
    warnAfterHours: z
      .number()
      .min(1)
      .max(24 * 365)
      .nullable(),
    notifyOnSuccess: z.boolean(),
    /** Absent (files saved before scopes): "database" (see scheduleScopeOf). */
    scope: scheduleScopeSchema.optional(),
    /** Forget old repository snapshots after each scheduled one; absent or null: keep them all. */
    snapshotRetention: retentionPolicySchema.nullable().optional(),
    /** Absent or null: no scheduled check. */
    check: scheduledCheckSchema.nullable().optional(),
  })
  .strict();
export type ScheduleConfig = z.infer<typeof scheduleConfigSchema>;

// ---- Health and status --------------------------------------------------------

export type HealthLevel = 'ok' | 'warning' | 'error';

export interface BackupHealth {
  level: HealthLevel;
  newestAt: string | null;
  newestAgeMs: number | null;
  /** E.g. "Newest backup: 3 hours ago" or "No backups yet". */
  text: string;
  /** Set when backups look stopped, e.g. "No backup for 2 days; backups may have stopped." */
  warning: string | null;
  /** The last run failed: shown loudly until the next success. */
  lastRunFailed: { at: string; error: string } | null;
}

export interface HealthNotification {
  kind: 'failed' | 'stopped' | 'recovered' | 'succeeded';
  title: string;
  body: string;
}

/** `backbeat status --json`. */
export interface StatusReport {
  enabled: boolean;
  schedule: (Schedule & { text: string }) | null;
  backupFolder: string;
  retentionPolicy: string;
  count: number;
  newestBackup: {
    id: string;
    name: string | null;
    createdAt: string;
    ageText: string;
    sizeBytes: number | null;
    trigger: BackupTrigger | null;
  } | null;
  lastRun: { time: string; status: RunStatus; sizeBytes: number | null; error: string | null } | null;
  health: { level: HealthLevel; text: string; warning: string | null };
}

// ---- OS timers ----------------------------------------------------------------

export type TimerPlatform = 'linux' | 'darwin' | 'win32';

export interface OsTimerStatus {
  platform: TimerPlatform;
  installed: boolean;
  /** The files Backbeat wrote (empty on Windows, where the task lives in Task Scheduler). */
  files: string[];
  /** From the OS; null when it could not be asked. */
  active: boolean | null;
  nextRun: string | null;
  lastRun: string | null;
  /** One sentence on what was found or why the OS could not be asked. */
  detail: string;
}

/** Whether scheduled backups of the current library run while Backbeat is closed (the OS timer). */
export interface OsTimerView {
  /** False where this app cannot manage a timer; `headline` says why. */
  supported: boolean;
  /** What the OS says; null when unsupported. */
  status: OsTimerStatus | null;
  /** The installed timer backs up this library on its saved schedule (false: other times or another library). */
  current: boolean;
  /** The plain answer: yes, no, or not known (the OS could not be asked). */
  runsWhileClosed: 'yes' | 'no' | 'unknown';
  /** One sentence answering "do backups run while Backbeat is closed?". */
  headline: string;
  /** What to do about it, or what the OS said. */
  detail: string;
  /** A schedule is saved and on, so there is something for a timer to run. */
  canInstall: boolean;
}

/** installOsTimer / uninstallOsTimer: what was done, and the view afterwards. */
export interface OsTimerChange {
  messages: string[];
  view: OsTimerView;
}

// ---- Contract proposal --------------------------------------------------------
// Suggested methods for shared/contract.ts (each takes one object, like the rest):
//   getSchedule:      {}                          -> ScheduleView
//   setSchedule:      setScheduleArgsSchema       -> ScheduleView
//   previewRetention: previewRetentionArgsSchema  -> RetentionPlan
//   applyRetention:   applyRetentionArgsSchema    -> RetentionResult
//   getStatus:        {}                          -> StatusReport

export const setScheduleArgsSchema = z
  .object({
    enabled: z.boolean(),
    schedule: scheduleSchema,
    retention: retentionPolicySchema.optional(),
    progressTiers: progressTiersSchema.nullable().optional(),
    warnAfterHours: z
      .number()
      .min(1)
      .max(24 * 365)
      .nullable()
      .optional(),
    notifyOnSuccess: z.boolean().optional(),
    scope: scheduleScopeSchema.optional(),
    snapshotRetention: retentionPolicySchema.nullable().optional(),
    check: scheduledCheckSchema.nullable().optional(),
  })
  .strict();

/** Without a policy: the library's saved one. */
export const previewRetentionArgsSchema = z.object({ policy: retentionPolicySchema.optional() }).strict();

export const applyRetentionArgsSchema = z
  .object({ policy: retentionPolicySchema.optional(), dryRun: z.boolean() })
  .strict();

export const startRetentionArgsSchema = z.object({ policy: retentionPolicySchema.optional() }).strict();

export interface ScheduleView {
  /** Null until the user sets a schedule for the current library. */
  config: ScheduleConfig | null;
  scheduleText: string | null;
  retentionText: string;
  health: BackupHealth;
  lastRun: LastRun | null;
  /** When the next scheduled backup is due; null when disabled. */
  nextDueAt: string | null;
  /** The repository side of a "database and audio" schedule (snapshot, forget, check); absent or null otherwise. */
  snapshotHealth?: { level: HealthLevel; text: string } | null;
}
