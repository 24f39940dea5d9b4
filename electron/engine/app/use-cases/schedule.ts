// Use cases of a library's backup schedule: its saved config and run records (shared by
// the app and `backbeat schedule`), when the next backup is due, the run the OS timer
// starts while the app is closed, and the health summary built from them. The
// schedule's text forms are re-exported for the CLI's words and output.
export {
  newScheduleConfig,
  readScheduleConfig,
  scheduleStateDir,
  writeScheduleConfig,
} from '../../schedule/config-store';
export { knowledgeFrom } from '../../schedule/due';
export { describeSchedule, nextDueAfter, parseScheduleText } from '../../schedule/schedule-model';
export { scheduledRun } from '../../schedule/scheduled-run';
export { scheduledRunWithSnapshot } from '../../schedule/scheduled-run-all';
export { describeScope, scheduleScopeOf } from '../../schedule/scheduled-snapshot';
export { fileScheduleStateStore } from '../../schedule/state-store';
export { formatStatusText, statusReport } from '../../health/status-report';
export { savedProgressTiers } from '../service-schedule-config';
