// What the service is built from (data folder, dialogs, clock, timers, secrets, the OS
// timer) and what it offers beyond the contract. Kept apart from service.ts so callers
// that only build or pass options read the types without the implementation.
import type { BackbeatBridge } from '../../../shared/contract';
import type { Clock, TimerFunctions } from '../schedule/clock';
import type { RepoPassword } from '../repository/repo-password';
import type { SecretStore } from '../secrets/secret-store';
import type { OsTimerSetup } from './service-os-timer';

/** Native pickers, injected by Electron's main process; browser mode has none. */
export interface ServiceDialogs {
  chooseLibraryFile(): Promise<string | null>;
  chooseBackupDir(): Promise<string | null>;
  /** A save dialog for an export archive, `suggestedName` filled in. */
  chooseExportFile?(suggestedName: string | undefined): Promise<string | null>;
  /** A folder to restore files into (other than their original place). */
  chooseRestoreFolder?(): Promise<string | null>;
}

export interface ServiceOptions {
  dataDir: string;
  appVersion: string;
  mode: 'electron' | 'browser';
  dialogs?: ServiceDialogs;
  /**
   * Where warnings go (a damaged settings file, an unreadable backup folder), and the
   * stack of an unexpected error, logged once. Default: stderr.
   */
  log?: (message: string) => void;
  /** What "now" is for schedules, health and retention; tests pass a FakeClock. Default: the system clock. */
  clock?: Clock;
  /** The scheduler's timers; tests pass the FakeClock here too. Default: real (unref'd) timers. */
  timers?: TimerFunctions;
  /** How often the scheduler looks at the clock; default one minute. */
  scheduleCheckIntervalMs?: number;
  /** The repository password; default: the file named by BACKBEAT_REPO_PASSWORD_FILE. */
  repoPassword?: () => Promise<RepoPassword>;
  /** The desktop app's keychain-backed store (Electron safeStorage); default: files only, as the CLI. */
  secrets?: SecretStore;
  /** The OS timer that backs up while the app is closed; without it the Schedule screen says it cannot be installed. */
  osTimer?: OsTimerSetup | null;
}

export interface BackbeatService extends BackbeatBridge {
  /** Cancels running jobs and waits for them; the service refuses calls afterwards. */
  dispose(): Promise<void>;
  /** The machine woke from sleep (Electron's powerMonitor 'resume'): catch up a missed scheduled backup now. */
  notifyWake(): void;
}
