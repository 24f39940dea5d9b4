// The contract's one implementation. Electron IPC and the browser-mode HTTP host only
// carry calls to it: both go through host/dispatch.ts, which parses every argument with
// the contract's schema, so the service trusts its typed arguments. What lives here is
// the rest: the error policy for every method, jobs and events. The methods live in
// groups (service-*-handlers.ts, repository/, destinations/) over one ServiceContext,
// and call the use cases (use-cases/) the CLI and the scheduler call too.
import fs from 'node:fs';
import path from 'node:path';
import {
  ContractError,
  METHOD_NAMES,
  type BackbeatApi,
  type BackbeatEvent,
  type EventListener,
  type MethodArgs,
  type MethodName,
  type MethodResult,
} from '../../../shared/contract';
import type { AppSettings, LibraryOverview } from '../../../shared/types';
import { checkBackupFolder } from '../backup/backup-folder';
import { realPathOf } from '../fs/real-path';
import { sweepTempLeftovers } from '../fs/temp-leftovers';
import { createDemoLibrary } from '../demo/demo';
import { readConfigTolerant, scheduleConfigFrom, syncConfigBackupDir } from './service-schedule-config';
import {
  followDestinations,
  installTimer,
  osTimerView,
  uninstallTimer,
  type OsTimerTarget,
} from './service-os-timer';
import { readScheduleFacts, scheduleView, statusOf } from './service-schedule-views';
import { ServiceScheduler, type ScheduleTarget } from './service-scheduler';
import { systemClock, systemTimers, type Clock } from '../schedule/clock';
import { readScheduleConfig, scheduleStateDir, writeScheduleConfig } from '../schedule/config-store';
import { JobManager } from '../runtime/jobs';
import { readLibraryStats } from '../library/library-stats-async';
import { resolveBackupDir } from './use-cases/folders';
import { demoLibraryDir } from '../fs/paths';
import { loadSettings, saveSettings } from './settings';
import { repoPasswordOf, repositoryHandlers } from '../repository/service-handlers';
import { destinationHandlers } from '../destinations/service-handlers';
import { destinationCountOf } from '../destinations/operations';
import { fileSecretStore } from '../secrets/file-secret-store';
import { secretHandlers } from '../secrets/service-handlers';
import { noLibrary, refuseWhileMutating, type HandlersFor, type ServiceContext } from './service-context';
import { refuseRelative } from './service-errors';
import { toUserError } from '../runtime/error-policy';
import { libraryOverview, OVERVIEW_BUSY_TIMEOUT_MS } from './library-overview';
import { PreviewStore } from './preview-store';
import { backupHandlers } from './service-backup-handlers';
import { rescanHandlers } from './service-rescan-handlers';
import { cleanupHandlers } from './service-cleanup-handlers';

import type { BackbeatService, ServiceOptions } from './service-options';

export type { BackbeatService, ServiceDialogs, ServiceOptions } from './service-options';

type Handlers = HandlersFor<MethodName>;

class Service {
  private settings: AppSettings;
  private readonly listeners = new Set<EventListener>();
  private readonly previews = new PreviewStore();
  private readonly jobs: JobManager;
  private readonly log: (message: string) => void;
  private demoInFlight: Promise<string> | null = null;
  private readonly clock: Clock;
  /** Schedule configs and run records, shared with `backbeat schedule run`. */
  private readonly scheduleDir: string;
  private readonly schedules: ServiceScheduler;
  /** What the handler groups see of the service; its functions read the settings at call time. */
  private readonly context: ServiceContext;
  readonly handlers: Handlers;
  disposed = false;

  constructor(private readonly options: ServiceOptions) {
    this.log = options.log ?? ((m) => process.stderr.write(`backbeat: ${m}\n`));
    const loaded = loadSettings(options.dataDir);
    if (loaded.warning) this.log(loaded.warning);
    this.settings = loaded.settings;
    this.jobs = new JobManager({ onChange: (job) => this.emit({ type: 'job', job }), log: this.log });
    this.clock = options.clock ?? systemClock;
    this.scheduleDir = scheduleStateDir(options.dataDir);
    this.schedules = new ServiceScheduler({
      stateDir: this.scheduleDir,
      appVersion: options.appVersion,
      clock: this.clock,
      timers: options.timers ?? systemTimers,
      checkIntervalMs: options.scheduleCheckIntervalMs,
      jobs: this.jobs,
      emit: (event) => this.emit(event),
      log: this.log,
      readConfig: (libraryPath) => readScheduleConfig(this.scheduleDir, libraryPath),
      repoScope: (libraryPath) => ({
        dataDir: options.dataDir,
        libraryPath,
        env: process.env,
        password: repoPasswordOf({
          dataDir: options.dataDir,
          env: process.env,
          ...(options.repoPassword ? { password: options.repoPassword } : {}),
          ...(options.secrets ? { secrets: options.secrets } : {}),
        }),
      }),
      notify: (notification) => this.emit({ type: 'notification', notification }),
    });
    this.context = {
      dataDir: options.dataDir,
      appVersion: options.appVersion,
      scheduleDir: this.scheduleDir,
      clock: this.clock,
      log: this.log,
      jobs: this.jobs,
      emit: (event) => this.emit(event),
      libraryOrNull: () => this.settings.libraryPath ?? null,
      requireLibrary: () => this.requireLibrary(),
      backupDir: () => this.backupDir(),
    };
    this.handlers = this.buildHandlers();
    // What killed jobs of earlier runs left in the temp folder (only dead owners' files).
    void sweepTempLeftovers();
    // Starts nothing unless the current library has a schedule that is switched on.
    void this.schedules.refresh(this.scheduleTarget());
  }

  // ---- plumbing -----------------------------------------------------------------

  emit(event: BackbeatEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // One broken subscriber (a closed window) must not starve the others.
      }
    }
  }

  onEvent(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  notifyWake(): void {
    if (!this.disposed) this.schedules.notifyWake();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    // No scheduled backup may start once the running jobs are being cancelled.
    this.schedules.stop();
    await this.jobs.cancelAll();
    await this.schedules.settled();
    this.listeners.clear();
    this.previews.clear();
  }

  private updateSettings(change: Partial<AppSettings>): void {
    const next = { ...this.settings, ...change };
    saveSettings(this.options.dataDir, next);
    this.settings = next;
  }

  /** The library and backup folder scheduled backups are for; null without a library. */
  private scheduleTarget(): ScheduleTarget | null {
    const libraryPath = this.settings.libraryPath;
    if (!libraryPath) return null;
    return { libraryPath, backupDir: resolveBackupDir(libraryPath, this.settings.backupDir) };
  }

  /** The current library's saved schedule, as the OS timer would run it. */
  private async osTimerTarget(): Promise<OsTimerTarget> {
    const libraryPath = this.requireLibrary();
    const config = await readConfigTolerant(this.scheduleDir, libraryPath, this.log);
    const destinationCount = destinationCountOf(this.options.dataDir, libraryPath);
    return { libraryPath, dataDir: this.options.dataDir, config, destinationCount };
  }

  /** The OS timer's copy cadence follows a first destination added or the last removed (never fails the change). */
  private async timerFollowsDestinations(): Promise<void> {
    try {
      if (await followDestinations(this.options.osTimer ?? null, await this.osTimerTarget())) {
        this.log("The system timer was updated: it now follows the library's destinations.");
      }
    } catch (err) {
      this.log(
        `The system timer could not follow the destinations: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }

  private requireLibrary(): string {
    if (!this.settings.libraryPath) throw noLibrary();
    return this.settings.libraryPath;
  }

  private backupDir(): string {
    if (this.settings.libraryPath)
      return resolveBackupDir(this.settings.libraryPath, this.settings.backupDir);
    if (this.settings.backupDir) return this.settings.backupDir;
    throw noLibrary();
  }

  private overview(): Promise<LibraryOverview> {
    return libraryOverview({
      settings: this.settings,
      dataDir: this.options.dataDir,
      scheduleDir: this.scheduleDir,
      clock: this.clock,
      log: this.log,
    });
  }

  private async makeDemoLibrary(tracks: number | undefined): Promise<string> {
    const dir = demoLibraryDir(this.options.dataDir);
    const file = path.join(dir, 'library.db');
    if (fs.existsSync(file)) return file;
    let failure: unknown = null;
    const job = this.jobs.start('demo', 'Creating the demo library', async () => {
      try {
        await fs.promises.mkdir(dir, { recursive: true });
        return await createDemoLibrary(dir, tracks === undefined ? {} : { tracks });
      } catch (err) {
        failure = err;
        throw err;
      }
    });
    const end = await this.jobs.wait(job.id);
    if (end.state !== 'succeeded')
      throw failure ?? new ContractError('io', end.error ?? 'The demo library failed.');
    return file;
  }

  // ---- the contract -------------------------------------------------------------

  private buildHandlers(): Handlers {
    return {
      ...backupHandlers(this.context, this.previews),
      ...rescanHandlers(this.context),
      ...cleanupHandlers(this.context),
      ...repositoryHandlers(() => ({
        dataDir: this.options.dataDir,
        env: process.env,
        requireLibrary: () => this.requireLibrary(),
        refuseWhileMutating: () => refuseWhileMutating(this.jobs),
        startJob: (kind, title, run) => this.jobs.start(kind, title, run),
        ...(this.options.repoPassword ? { password: this.options.repoPassword } : {}),
        ...(this.options.secrets ? { secrets: this.options.secrets } : {}),
      })),
      ...secretHandlers(() => ({
        dataDir: this.options.dataDir,
        store: this.options.secrets ?? fileSecretStore(),
        library: this.settings.libraryPath
          ? { libraryPath: this.settings.libraryPath, env: process.env }
          : null,
      })),
      ...destinationHandlers(() => ({
        dataDir: this.options.dataDir,
        env: process.env,
        requireLibrary: () => this.requireLibrary(),
        libraryOrNull: () => this.settings.libraryPath ?? null,
        startJob: (kind, title, run) => this.jobs.start(kind, title, run),
        destinationsChanged: async () => {
          await this.schedules.refreshCopies();
          await this.timerFollowsDestinations();
        },
        ...(this.options.repoPassword ? { password: this.options.repoPassword } : {}),
        ...(this.options.secrets ? { secrets: this.options.secrets } : {}),
      })),
      getAppInfo: async () => ({
        version: this.options.appVersion,
        mode: this.options.mode,
        dataDir: this.options.dataDir,
        nativeDialogs: this.options.dialogs !== undefined,
      }),

      getSettings: async () => ({ ...this.settings }),

      setLibrary: async ({ path: raw }) => {
        refuseRelative(raw, 'library');
        // Kept as its real path: a symlink and its target are one library (lock, schedule...).
        const libraryPath = realPathOf(raw);
        // Throws a clear error (missing, not SQLite, locked) before anything is remembered.
        await readLibraryStats(libraryPath, { busyTimeoutMs: OVERVIEW_BUSY_TIMEOUT_MS });
        this.updateSettings({ libraryPath });
        await this.schedules.refresh(this.scheduleTarget());
        this.emit({ type: 'library-changed' });
        return this.overview();
      },

      setBackupDir: async ({ path: raw }) => {
        if (raw !== null) refuseRelative(raw, 'backup folder');
        const backupDir = raw === null ? null : path.resolve(raw);
        if (backupDir !== null && fs.existsSync(backupDir) && !fs.statSync(backupDir).isDirectory()) {
          throw new ContractError(
            'bad-arguments',
            `${backupDir} is a file, not a folder. Choose a folder for backups.`,
          );
        }
        // A read-only disk, a pseudo file system (/proc)...: said now, not at the first backup.
        if (backupDir !== null) await checkBackupFolder(backupDir);
        this.updateSettings({ backupDir });
        if (this.settings.libraryPath) {
          await syncConfigBackupDir(this.scheduleDir, this.settings.libraryPath, backupDir, this.log);
        }
        await this.schedules.refresh(this.scheduleTarget());
        this.emit({ type: 'backups-changed' });
        return this.overview();
      },

      chooseLibraryFile: async () => ({ path: (await this.options.dialogs?.chooseLibraryFile()) ?? null }),

      chooseBackupDir: async () => ({ path: (await this.options.dialogs?.chooseBackupDir()) ?? null }),

      chooseExportFile: async ({ suggestedName }) => ({
        path: (await this.options.dialogs?.chooseExportFile?.(suggestedName)) ?? null,
      }),

      chooseRestoreFolder: async () => ({
        path: (await this.options.dialogs?.chooseRestoreFolder?.()) ?? null,
      }),

      createDemoLibrary: async ({ tracks }) => {
        // Two quick clicks must not race to write the same file.
        this.demoInFlight ??= this.makeDemoLibrary(tracks).finally(() => {
          this.demoInFlight = null;
        });
        const libraryPath = await this.demoInFlight;
        await readLibraryStats(libraryPath, { busyTimeoutMs: OVERVIEW_BUSY_TIMEOUT_MS });
        this.updateSettings({ libraryPath });
        await this.schedules.refresh(this.scheduleTarget());
        this.emit({ type: 'library-changed' });
        return this.overview();
      },

      getOverview: async () => this.overview(),

      listJobs: async () => this.jobs.list(),

      cancelJob: async ({ jobId }) => ({ cancelled: this.jobs.cancel(jobId) }),

      getSchedule: async () => {
        const facts = await readScheduleFacts(this.scheduleDir, this.requireLibrary(), this.backupDir());
        return scheduleView(facts, this.clock.now());
      },

      setSchedule: async (args) => {
        const libraryPath = this.requireLibrary();
        // A damaged file is what this call replaces, so it does not stand in the way.
        const existing = await readConfigTolerant(this.scheduleDir, libraryPath, this.log);
        const config = scheduleConfigFrom(libraryPath, this.settings.backupDir, args, existing);
        await writeScheduleConfig(this.scheduleDir, config);
        await this.schedules.refresh(this.scheduleTarget());
        const facts = await readScheduleFacts(this.scheduleDir, libraryPath, this.backupDir());
        return scheduleView(facts, this.clock.now());
      },

      getStatus: async () => {
        const facts = await readScheduleFacts(this.scheduleDir, this.requireLibrary(), this.backupDir());
        return statusOf(facts, this.clock.now());
      },

      getOsTimer: async () => osTimerView(this.options.osTimer ?? null, await this.osTimerTarget()),

      installOsTimer: async () => installTimer(this.options.osTimer ?? null, await this.osTimerTarget()),

      uninstallOsTimer: async () => uninstallTimer(this.options.osTimer ?? null, await this.osTimerTarget()),
    };
  }
}

/**
 * Builds the service. Its arguments are typed: the transports parse them at the
 * boundary (host/dispatch.ts). Anything a method throws goes by the error policy: a
 * ContractError as it is, anything else as the one sentence, its stack logged once.
 */
export function createBackbeatService(options: ServiceOptions): BackbeatService {
  const service = new Service(options);
  const log = options.log ?? ((m: string) => process.stderr.write(`backbeat: ${m}\n`));
  const api: Partial<Record<MethodName, (args: never) => Promise<unknown>>> = {};
  const wrap = <M extends MethodName>(method: M) => {
    const handler = service.handlers[method] as (args: MethodArgs<M>) => Promise<MethodResult<M>>;
    return async (args: MethodArgs<M>): Promise<MethodResult<M>> => {
      if (service.disposed) throw new ContractError('internal', 'Backbeat is shutting down.');
      try {
        return await handler(args);
      } catch (err) {
        throw toUserError(err, (details) => log(`${method}: ${details}`));
      }
    };
  };
  for (const method of METHOD_NAMES) api[method] = wrap(method);
  return {
    ...(api as BackbeatApi),
    onEvent: (listener) => service.onEvent(listener),
    dispose: () => service.dispose(),
    notifyWake: () => service.notifyWake(),
  };
}
