// `schedule set` flags for the repository side of a schedule:
//   --scope db|all                 database only (default) or database and audio
//   --snapshot-policy "daily=7"    forget old repository snapshots after each one ("none": keep all)
//   --check-every 7 [--read-data 5]  a restic check every N days ("off": none), reading 5% of the data
import { parsePolicy } from '../engine/app/use-cases/cleanup';
import type {
  RetentionPolicy,
  ScheduleConfig,
  ScheduleScope,
  ScheduledCheck,
} from '../../shared/schedule-types';
import { scheduledCheckSchema } from '../../shared/schedule-types';
import { ContractError } from '../../shared/errors';
import { UsageError } from './args';
import type { Invocation } from './invocation';
import { parseReadDataPercent } from './commands/check';

const SCOPES: Record<string, ScheduleScope> = {
  db: 'database',
  database: 'database',
  all: 'database-and-audio',
  'database-and-audio': 'database-and-audio',
};

export function parseScope(text: string): ScheduleScope {
  const scope = SCOPES[text.trim().toLowerCase()];
  if (!scope)
    throw new UsageError(`--scope is "db" (the database only) or "all" (database and audio), not "${text}".`);
  return scope;
}

function parseCheckEvery(text: string, readData: string | undefined): ScheduledCheck | null {
  const t = text.trim().toLowerCase();
  if (t === 'off' || t === 'none') return null;
  const named: Record<string, number> = { daily: 1, weekly: 7, monthly: 30 };
  const m = /^(\d+)d?$/.exec(t);
  const everyDays = named[t] ?? (m ? Number(m[1]) : NaN);
  const parsed = scheduledCheckSchema.safeParse({
    everyDays,
    readDataPercent: readData === undefined ? 0 : parseReadDataPercent(readData),
  });
  if (!parsed.success) {
    throw new UsageError(
      `--check-every is a number of days from 1 to 365 (e.g. 7, 7d or weekly) or "off", not "${text}".`,
    );
  }
  return parsed.data;
}

/** The config fields the flags change (only those given). */
export function scopeFieldsFromFlags(
  inv: Invocation,
): Partial<Pick<ScheduleConfig, 'scope' | 'snapshotRetention' | 'check'>> {
  const out: Partial<Pick<ScheduleConfig, 'scope' | 'snapshotRetention' | 'check'>> = {};
  const scope = inv.value('scope');
  if (scope !== undefined) out.scope = parseScope(scope);
  const policy = inv.value('snapshot-policy');
  if (policy !== undefined) {
    let parsed: RetentionPolicy;
    try {
      parsed = parsePolicy(policy);
    } catch (err) {
      throw err instanceof ContractError ? new UsageError(err.message) : err;
    }
    out.snapshotRetention = Object.keys(parsed).length === 0 ? null : parsed;
  }
  const every = inv.value('check-every');
  const readData = inv.value('read-data');
  if (readData !== undefined && every === undefined)
    throw new UsageError(
      '--read-data goes with --check-every in schedule set (e.g. --check-every 7 --read-data 5).',
    );
  if (every !== undefined) out.check = parseCheckEvery(every, readData);
  return out;
}

export const SCHEDULE_SCOPE_FLAGS = ['scope', 'snapshot-policy', 'check-every', 'read-data'] as const;
