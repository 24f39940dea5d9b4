// Use case "back up while the app is closed": installing, removing and reading the OS
// timer that runs `backbeat schedule run`, and the environment it is looked up in.
export { systemCommandRunner, type CommandRunner } from '../../schedule/os-timer/command-runner';
export {
  installOsTimer,
  osTimerEnvFromProcess,
  osTimerStatus,
  uninstallOsTimer,
  type OsTimerEnv,
} from '../../schedule/os-timer/os-timer';
export { scheduledRunCommand } from '../../schedule/os-timer/timer-command';
export { COPY_CHECK_MINUTES, timerPlan } from '../../schedule/os-timer/timer-firings';
