// Where `backbeat schedule install | uninstall | status` writes and looks for the OS
// timer, taken from the CLI's own environment: $HOME and $XDG_CONFIG_HOME are honoured,
// so a test or a sandbox can point them at a temporary folder. With
// BACKBEAT_OS_TIMER_DRY=1 the timer files are still written, read and removed, but
// systemctl, launchctl and schtasks are never called (tests must not touch the real
// service manager, which would not look in a temporary HOME anyway).
import path from 'node:path';
import {
  type CommandRunner,
  type OsTimerEnv,
  osTimerEnvFromProcess,
  systemCommandRunner,
} from '../engine/app/use-cases/os-timer';

export const OS_TIMER_DRY_ENV = 'BACKBEAT_OS_TIMER_DRY';

/** Answers like a service manager that could not be reached, saying why. */
const dryRunner: CommandRunner = async (command) => ({
  code: 1,
  stdout: '',
  stderr: `${command} was not called: ${OS_TIMER_DRY_ENV}=1 is set`,
});

export function isOsTimerDry(env: NodeJS.ProcessEnv): boolean {
  return env[OS_TIMER_DRY_ENV] === '1';
}

export function cliOsTimerEnv(env: NodeJS.ProcessEnv): OsTimerEnv {
  const base = osTimerEnvFromProcess(isOsTimerDry(env) ? dryRunner : systemCommandRunner);
  // Windows keeps its task in Task Scheduler, not under HOME; elsewhere HOME decides.
  const home = base.platform !== 'win32' && env.HOME ? path.resolve(env.HOME) : base.home;
  const configHome = env.XDG_CONFIG_HOME ? path.resolve(env.XDG_CONFIG_HOME) : undefined;
  return { ...base, home, configHome };
}
