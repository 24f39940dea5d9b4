// When the OS timer fires. The backup schedule alone fires it once a day or a week
// (hourly for "every N hours"), but with the app closed that firing is also the only
// moment the copies the destinations owe are made (owed-copies-run.ts): a retry whose
// back-off slot came (15 minutes to 6 hours after a failure) or a destination's own
// "every N hours" would wait for the next daily or weekly backup. So a library with
// destinations has the timer fire every COPY_CHECK_MINUTES as well. More firings never
// make a burst: each firing asks the back-off and the own schedules what is owed, and a
// firing with nothing owed takes no lock and starts no restic. A fixed cadence rather
// than a timer re-installed for the next owed moment, because a timer cannot safely
// rewrite itself from inside its own run (launchd stops a job whose agent is reloaded).
import type { Schedule } from '../../../../shared/schedule-types';
import { FIRST_RETRY_MS } from '../../destinations/copy-retry';
import { nextDueAfter } from '../schedule-model';

/** The shortest back-off step: firing more often would find nothing more owed. */
export const COPY_CHECK_MINUTES = FIRST_RETRY_MS / 60_000;

/** What the platform's timer files say: the backup schedule, plus the copy cadence (null: none). */
export interface TimerPlan {
  schedule: Schedule;
  copyCheckMinutes: number | null;
}

/** The cadence only when there is something to copy to: a library without destinations owes no copy. */
export function timerPlan(schedule: Schedule, destinationCount: number): TimerPlan {
  return { schedule, copyCheckMinutes: destinationCount > 0 ? COPY_CHECK_MINUTES : null };
}

/** The next local moment strictly after `after` whose minute is a multiple of `every` (every divides 60). */
function nextMinuteMultiple(after: Date, every: number): Date {
  const d = new Date(after.getTime());
  d.setSeconds(0, 0);
  d.setMinutes(Math.floor(d.getMinutes() / every) * every + every);
  return d;
}

/** The moment the installed timer next fires, strictly after `after` (local time, as the files say). */
export function nextTimerFiring(plan: TimerPlan, after: Date): Date {
  // Intervals fire hourly (on the hour) and `schedule run` decides; the others at their moment.
  const backup =
    plan.schedule.kind === 'interval' ? nextMinuteMultiple(after, 60) : nextDueAfter(plan.schedule, after);
  if (plan.copyCheckMinutes === null) return backup;
  const copies = nextMinuteMultiple(after, plan.copyCheckMinutes);
  return copies.getTime() < backup.getTime() ? copies : backup;
}
