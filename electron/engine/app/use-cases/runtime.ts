// What every CLI command runs on, below the use cases: the app's version, job contexts
// with progress and cancellation, the sweep of what killed jobs left, and the one error
// policy (which the HTTP host's envelope applies too).
// Light on purpose: the CLI's start-up loads it before it knows the command.
export { appVersion } from '../../fs/paths';
export { sweepTempLeftovers } from '../../fs/temp-leftovers';
export { CANCEL_GRACE_MS, untilCancelledFor } from '../../runtime/jobs';
export { createProgressReporter, type JobContext } from '../../runtime/progress';
export {
  logToStderr,
  toUserError,
  UNEXPECTED_ERROR_MESSAGE,
  type UnexpectedErrorLog,
} from '../../runtime/error-policy';
